"""The printed forms' own font: Noto Sans CJK SC cut down to GB2312 and common symbols.

WeasyPrint subsets every font a form uses on every render, and HarfBuzz's time for that grows
with the size of the font it starts from: the full Noto CJK face (65,535 glyphs) took about
half as long again as the rest of the form. This subset (about 8,000 glyphs) keeps every
character of GB2312, both levels, so nearly all guide text is in it; a character outside it
falls back to the full Noto Sans CJK SC installed on the system, which looks the same and costs
only that render the bigger subset.

The files are built once with ``manage.py build_form_fonts`` and kept in the repository (static
files, SIL Open Font License 1.1 like the original), so no deployment step has to make them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SOURCE_INDEX_SC = 2  # the collection holds JP, KR, SC, TC, HK
FONTS_DIR = Path(__file__).resolve().parent / "static" / "notices" / "fonts"
WEIGHTS = ("Regular", "Bold")

# Beyond GB2312: Latin-1, general punctuation, letterlike symbols (℃), number forms (Ⅻ), arrows,
# enclosed numbers (①), box and shape symbols (□ ★), CJK punctuation and full-width forms.
SYMBOL_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x26FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
]


# What HarfBuzz applies to horizontal Simplified Chinese unasked. Without vertical forms, fractions
# and the other languages' local forms the file is half the size (8,000 glyphs instead of 14,000).
LAYOUT_FEATURES = ["ccmp", "rvrn", "calt", "clig", "liga", "rlig", "kern", "mark", "mkmk"]


def file_name(weight: str) -> str:
    return f"NotoSansCJKsc-GB2312-{weight}.otf"


def characters() -> set[int]:
    """Every character of GB2312 (symbols, level 1 and level 2 hanzi) and SYMBOL_RANGES."""
    codes = {code for low, high in SYMBOL_RANGES for code in range(low, high + 1)}
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                codes.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return codes


def build(weight: str, target_dir: Path = FONTS_DIR) -> Path:
    """Cut the system's Noto Sans CJK SC ``weight`` down to ``characters()`` (about 20 s)."""
    font = TTFont(SOURCE.format(weight=weight), fontNumber=SOURCE_INDEX_SC)
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]  # keeps the copyright and the licence with the font
    options.notdef_outline = True
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports every glyph it keeps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    target = target_dir / file_name(weight)
    font.save(target)
    return target
