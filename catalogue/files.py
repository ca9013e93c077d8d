"""Reading and writing catalogue files: CSV (UTF-8, with or without BOM), XLSX and JSON.

A file is in the platform's own columns (``code``, ``title`` … of ``catalogue.rows``) or in the
national exchange tables' (事项名称, 实施编码 …, read by ``catalogue.national``), told apart by
its first row (JSON: its objects' keys).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from catalogue import national_export
from catalogue.national import Columns, columns_of
from catalogue.national_rows import Passed, Places, read_national
from catalogue.rows import COLUMNS, CellError, Row, from_cells, from_json, to_cells, to_json

FORMATS = ("csv", "xlsx", "json")


class FileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, broken JSON)."""


class ColumnsUnknown(FileError):
    """Neither the platform's columns nor enough national ones (a code and a name): the admin
    offers to map ``columns.unknown``."""

    def __init__(self, message: str, columns: Columns):
        super().__init__(message)
        self.columns = columns


def format_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    if extension not in FORMATS:
        raise FileError(f"{filename}: use a .csv, .xlsx or .json file")
    return extension


# A parsed row, the CellError that stopped it, or a national row passed over (an older version,
# a test row), with its line (CSV/XLSX) or index (JSON).
Parsed = tuple[int, Row | CellError | Passed]


@dataclass
class Reading:
    """A file's rows and how they were read: in the national columns, ``columns`` says which
    header gave which field and which were not used or not recognised, and ``notes`` what was
    assumed in each row (by row number)."""

    rows: list[Parsed]
    national: bool = False
    columns: Columns = field(default_factory=Columns)
    notes: dict[int, list[str]] = field(default_factory=dict)


def read_rows(content: bytes, fmt: str) -> list[Parsed]:
    return read_file(content, fmt).rows


def read_file(content: bytes, fmt: str, mapping: dict[str, str] | None = None) -> Reading:
    """Read a file in either column set. ``mapping`` (header → field) is how headers the
    national names do not cover are read."""
    if fmt == "json":
        header, records = json_records(content)
        if header is None:
            return Reading(read_json(content))
    else:
        header, records = read_csv(content) if fmt == "csv" else read_xlsx(content)
        if "code" in header:
            return Reading(platform_rows(records))
    columns = columns_of(header, mapping or {})
    if not {"code", "title"} <= set(columns.fields.values()):
        raise ColumnsUnknown(unrecognised(header, columns), columns)
    rows, notes = read_national(records, columns, Places.load())
    return Reading(rows, national=True, columns=columns, notes=notes)


def unrecognised(header: list[str], columns: Columns) -> str:
    hints = [f"{name}={field}" for name, field in columns.unknown.items() if field]
    message = _(
        "The first row must name the columns: the platform's (code, title, …) or the national "
        "ones (事项名称, 实施编码, …); see docs/catalogue.md."
    )
    if hints:
        message += " " + _("Map them, e.g. --map %(hints)s") % {"hints": " --map ".join(hints)}
    return message


def platform_rows(records: Iterable[tuple[int, dict]]) -> list[Parsed]:
    parsed: list[Parsed] = []
    for number, cells in records:
        try:
            parsed.append((number, from_cells(cells)))
        except CellError as error:
            parsed.append((number, error))
    return parsed


def read_csv(content: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError("the CSV file is not UTF-8; save it as “CSV UTF-8”") from error
    reader = csv.DictReader(io.StringIO(decoded, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    # Numbered as a spreadsheet shows them: the header is row 1.
    return header, list(enumerate(reader, start=2))


def read_xlsx(content: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise FileError(f"not a readable XLSX file ({error})") from error
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(lines, [])]
    records = []
    for number, values in enumerate(lines, start=2):
        if all(value in (None, "") for value in values):
            continue
        records.append((number, dict(zip(header, values, strict=False))))
    return header, records


def load_json(content: bytes):
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileError(f"not valid JSON: {error}") from error


def json_records(content: bytes) -> tuple[list[str] | None, list[tuple[int, dict]]]:
    """A national JSON export's keys and objects: a list of objects, or the first list of
    objects in an object (``{"data": [...]}``). (None, []) for the platform's own
    ``{"guides": [...]}`` with ``code`` keys."""
    data = load_json(content)
    if isinstance(data, dict):
        guides = data.get("guides")
        if isinstance(guides, list) and any(isinstance(g, dict) and "code" in g for g in guides):
            return None, []
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if lists else data
    if not isinstance(data, list) or not any(isinstance(item, dict) for item in data):
        return None, []
    header = list(dict.fromkeys(key for item in data if isinstance(item, dict) for key in item))
    return header, [(n, i if isinstance(i, dict) else {}) for n, i in enumerate(data, start=1)]


def read_json(content: bytes) -> list[Parsed]:
    data = load_json(content)
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


def write_rows(rows: list[Row], fmt: str, national: bool = False) -> bytes:
    """The rows as a file of the format, in the platform's columns or the national ones."""
    columns = national_export.COLUMNS if national else COLUMNS
    cells = national_export.national_cells if national else to_cells
    if fmt == "json":
        if national:
            document = [cells(row) for row in rows]
        else:
            document = {"guides": [to_json(row) for row in rows]}
        return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows(cells(row) for row in rows)
        return buffer.getvalue().encode("utf-8-sig")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue")
    sheet.append(list(columns))
    for row in rows:
        written = cells(row)
        sheet.append([written[column] for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
