"""Reading and writing catalogue files: CSV (UTF-8, with or without BOM), XLSX and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook

from catalogue.rows import COLUMNS, CellError, Row, from_cells, from_json, to_cells, to_json

FORMATS = ("csv", "xlsx", "json")


class FileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, broken JSON)."""


def format_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    if extension not in FORMATS:
        raise FileError(f"{filename}: use a .csv, .xlsx or .json file")
    return extension


# A parsed row, or the CellError that stopped it, with its line (CSV/XLSX) or index (JSON).
Parsed = tuple[int, Row | CellError]


def read_rows(content: bytes, fmt: str) -> list[Parsed]:
    if fmt == "json":
        return read_json(content)
    records = read_csv(content) if fmt == "csv" else read_xlsx(content)
    parsed: list[Parsed] = []
    for number, cells in records:
        try:
            parsed.append((number, from_cells(cells)))
        except CellError as error:
            parsed.append((number, error))
    return parsed


def read_csv(content: bytes) -> Iterable[tuple[int, dict]]:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError("the CSV file is not UTF-8; save it as “CSV UTF-8”") from error
    reader = csv.DictReader(io.StringIO(decoded, newline=""))
    check_header(reader.fieldnames or [])
    # Numbered as a spreadsheet shows them: the header is row 1.
    return list(enumerate(reader, start=2))


def read_xlsx(content: bytes) -> list[tuple[int, dict]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise FileError(f"not a readable XLSX file ({error})") from error
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(lines, [])]
    check_header(header)
    records = []
    for number, values in enumerate(lines, start=2):
        if all(value in (None, "") for value in values):
            continue
        records.append((number, dict(zip(header, values, strict=False))))
    return records


def check_header(header: list[str]) -> None:
    if "code" not in header:
        raise FileError(
            "the first row must name the columns (code, title, …); see docs/catalogue.md"
        )


def read_json(content: bytes) -> list[Parsed]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileError(f"not valid JSON: {error}") from error
    items = data.get("guides") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FileError("the JSON file must be an object with a “guides” list")
    parsed: list[Parsed] = []
    for number, item in enumerate(items, start=1):
        try:
            parsed.append((number, from_json(item)))
        except CellError as error:
            parsed.append((number, error))
    return parsed


def write_rows(rows: list[Row], fmt: str) -> bytes:
    if fmt == "json":
        document = {"guides": [to_json(row) for row in rows]}
        return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(to_cells(row) for row in rows)
        return buffer.getvalue().encode("utf-8-sig")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue")
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = to_cells(row)
        sheet.append([cells[column] for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
