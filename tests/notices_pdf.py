"""Reading generated PDFs back with poppler-utils, for the printed-form tests."""

import re
import subprocess
import tempfile


def run(*command: str, data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(
            [*command, pdf.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def pdf_text(data: bytes) -> str:
    """The text in content-stream order (cell by cell); pages end with form feeds."""
    return run("pdftotext", "-raw", "-enc", "UTF-8", data=data)


def pdf_pages(data: bytes) -> list[str]:
    return pdf_text(data).split("\f")[:-1]


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with its name and whether it is embedded."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        out = subprocess.run(
            ["pdffonts", pdf.name], check=True, capture_output=True, text=True
        ).stdout
    rows = out.splitlines()[2:]
    return [{"name": row.split()[0], "emb": row.split()[-5]} for row in rows if row.strip()]


def squeeze(text: str) -> str:
    """Text without whitespace, so a name wrapped across lines of a table cell still matches."""
    return re.sub(r"\s+", "", text)
