"""Reading the demo data files and turning each problem into one clear message.

Every loader of ``guides.demo`` (and the demo content of other apps) reads its TOML files with
``read``, wraps the work on one item in ``item`` and checks rows with ``check_keys`` and the
models' own validation, so a mistake in the data names the file and the item.
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from guides.models import OpeningPeriod

COORDINATE_STEP = Decimal("0.000001")
Data = Mapping[str, Any]


class DemoDataError(Exception):
    """The demo data is malformed or would be refused by the admin."""


@dataclass(frozen=True)
class Source:
    """One data file: its parsed content and the name used in error messages."""

    name: str
    data: Data


def read(path: Path) -> Source:
    """Parse one TOML file."""
    name = display_name(path)
    try:
        with path.open("rb") as handle:
            return Source(name, tomllib.load(handle))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"{name}: {error}") from error


def display_name(path: Path) -> str:
    """The file as an editor finds it, e.g. ``guides/demo/data/regions.toml``."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def describe(error: ValidationError) -> str:
    """A ValidationError as one line: ``field: message; …``."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return "; ".join(str(message) for message in error.messages)


@contextmanager
def item(source: Source, label: str) -> Iterator[None]:
    """Turn any problem while loading one item into a DemoDataError naming the file and item."""
    try:
        yield
    except DemoDataError:
        raise
    except ValidationError as error:
        raise DemoDataError(f"{source.name}: {label}: {describe(error)}") from error
    except KeyError as error:
        raise DemoDataError(f"{source.name}: {label}: unknown or missing {error}") from error
    except (TypeError, ValueError) as error:
        raise DemoDataError(f"{source.name}: {label}: {error}") from error


def fail(source: Source, label: str, message: str) -> DemoDataError:
    return DemoDataError(f"{source.name}: {label}: {message}")


def section(source: Source, key: str) -> Any:
    """A top-level table or array of a data file, which must be there."""
    if key not in source.data:
        raise DemoDataError(f"{source.name}: no [{key}] section")
    return source.data[key]


def check_keys(row: Data, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """Refuse typos in the data: every key must be known, every required key present."""
    unknown = sorted(set(row) - set(allowed))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}")
    missing = [key for key in required if key not in row]
    if missing:
        raise ValueError(f"missing key(s) {', '.join(missing)}")


def validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Run the model's own validation, as the admin would."""
    obj.full_clean(exclude=exclude)


def validate_children(rows: Iterable[models.Model], parent_field: str) -> None:
    """Validate child rows, naming the row that fails (e.g. ``material 3 (结婚证)``)."""
    for number, row in enumerate(rows, start=1):
        try:
            validate(row, exclude=[parent_field])
        except ValidationError as error:
            raise ValueError(f"{row_label(row, number)}: {describe(error)}") from error


def row_label(row: models.Model, number: int) -> str:
    """How an editor recognises a child row: its kind, position and name, title or date."""
    if isinstance(row, OpeningPeriod):
        return f"{row._meta.verbose_name} {number} ({row.get_weekday_display()})"
    names = ("name", "title", "question", "date")
    value = next((getattr(row, n) for n in names if getattr(row, n, None) not in (None, "")), "")
    return f"{row._meta.verbose_name} {number} ({value})"


def set_fields(obj: models.Model, row: Data, names: Iterable[str]) -> None:
    for name in names:
        if name in row:
            setattr(obj, name, row[name])


def coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(COORDINATE_STEP)


def html_list(lines: Iterable[str]) -> str:
    """Rich text for a list of short items (conditions, legal basis)."""
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
