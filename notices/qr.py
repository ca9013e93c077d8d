"""QR codes as PNG data: URLs, made in pure Python (segno), so rendering fetches nothing."""

from functools import lru_cache

import segno


# A guide's own address is printed on every form of that matter: make its code once.
@lru_cache(maxsize=1024)
def qr_data_url(text: str) -> str:
    # Error correction "M" survives a smudged print; border 2 keeps it compact beside the text.
    # PNG, not SVG: WeasyPrint embeds a small bitmap faster than it draws the SVG's many paths.
    # make_qr, not make: never tries a Micro QR code, which not every phone can read.
    return segno.make_qr(text, error="m").png_data_uri(scale=4, border=2)
