"""One catalogue row per matter code, and how it is written in CSV/XLSX cells and JSON.

The row is the JSON object of ``schema.json``. CSV and XLSX have the same columns; a list is
one item per line of its cell, and an offer line is ``service point | modes | scope | window``.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]

COLUMNS = (
    "code",
    "base_code",
    "title",
    "township",
    "matter_type",
    "implementing_body",
    "audience",
    "summary",
    "other_names",
    "conditions",
    "case_type",
    "statutory_days",
    "promised_days",
    "visits",
    "result",
    "result_delivery",
    "consultation_phone",
    "complaint_phone",
    "online_url",
    "last_verified",
    "no_materials",
    "materials",
    "offers",
)
TEXT_COLUMNS = (
    "code",
    "base_code",
    "title",
    "township",
    "matter_type",
    "implementing_body",
    "audience",
    "summary",
    "conditions",
    "case_type",
    "result",
    "result_delivery",
    "consultation_phone",
    "complaint_phone",
    "online_url",
    "last_verified",
)
LIST_COLUMNS = ("other_names", "materials")
NUMBER_COLUMNS = ("statutory_days", "promised_days", "visits")
OFFER_PARTS = ("service_point", "modes", "scope", "window")
TRUE = {"true", "yes", "1", "是", "y"}
FALSE = {"false", "no", "0", "否", "n", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message says what is wrong."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def to_cells(row: Row) -> dict[str, str]:
    """A row as the text of its spreadsheet cells."""
    cells = {}
    for column in COLUMNS:
        value = row.get(column)
        if column in LIST_COLUMNS:
            cells[column] = "\n".join(value or [])
        elif column == "offers":
            cells[column] = "\n".join(
                " | ".join([o["service_point"], ",".join(o["modes"]), o["scope"], o["window"]])
                for o in value or []
            )
        elif column == "no_materials":
            cells[column] = "true" if value else "false"
        elif value is None:
            cells[column] = ""
        else:
            cells[column] = str(value)
    return cells


def text(value: Any) -> str:
    """A cell's text; spreadsheets give numbers for codes and days, which become digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def from_cells(cells: dict[str, Any]) -> Row:
    """A row from spreadsheet cells; raises CellError naming the first unreadable cell."""
    unknown = sorted(set(cells) - set(COLUMNS) - {""})
    if unknown:
        raise CellError(unknown[0], f"unknown column “{unknown[0]}”")
    row: Row = {column: text(cells.get(column)) for column in TEXT_COLUMNS}
    for column in LIST_COLUMNS:
        row[column] = [
            line.strip() for line in text(cells.get(column)).splitlines() if line.strip()
        ]
    for column in NUMBER_COLUMNS:
        row[column] = text(cells.get(column))
    flag = text(cells.get("no_materials")).lower()
    if flag not in TRUE | FALSE:
        raise CellError("no_materials", f"“{flag}” is not true or false")
    row["no_materials"] = flag in TRUE
    row["offers"] = [
        offer_from_line(line) for line in text(cells.get("offers")).splitlines() if line.strip()
    ]
    return row


def offer_from_line(line: str) -> dict[str, Any]:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != len(OFFER_PARTS):
        raise CellError("offers", f"“{line}” should read: service point | modes | scope | window")
    point, modes, scope, window = parts
    return {
        "service_point": point,
        "modes": [mode.strip() for mode in modes.split(",") if mode.strip()],
        "scope": scope,
        "window": window,
    }


def from_json(obj: Any) -> Row:
    """A row from a JSON object of ``schema.json``: the same fields, lists as lists."""
    if not isinstance(obj, dict):
        raise CellError("", "each item of the file must be an object with the guide's fields")
    cells = {
        key: value
        for key, value in obj.items()
        if key not in ("other_names", "materials", "offers")
    }
    for column in LIST_COLUMNS:
        value = obj.get(column) or []
        if not isinstance(value, list):
            raise CellError(column, "should be a list of strings")
        cells[column] = "\n".join(text(item) for item in value)
    cells["no_materials"] = "true" if obj.get("no_materials") else "false"
    row = from_cells(cells)
    offers = obj.get("offers") or []
    if not isinstance(offers, list) or not all(isinstance(o, dict) for o in offers):
        raise CellError("offers", "should be a list of objects")
    row["offers"] = [
        {
            "service_point": text(o.get("service_point")),
            "modes": [text(mode) for mode in o.get("modes") or []],
            "scope": text(o.get("scope")),
            "window": text(o.get("window")),
        }
        for o in offers
    ]
    return row


def to_json(row: Row) -> Row:
    """A row as its JSON object: days as numbers or null."""
    obj = dict(row)
    for column in NUMBER_COLUMNS:
        obj[column] = int(row[column]) if row.get(column) not in (None, "") else None
    obj["last_verified"] = row.get("last_verified") or None
    return obj
