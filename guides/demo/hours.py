"""Opening hours from named weekly schedules, and the holidays and 调休 working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from guides.demo.reading import Data, Source, check_keys, item
from guides.models import OpeningException, OpeningPeriod

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Calendar:
    """The national holidays (closures) and the weekend days worked instead (调休上班)."""

    closures: list[tuple[dt.date, str]]
    workdays: list[tuple[dt.date, str]]


def date_range(first: dt.date, last: dt.date) -> list[dt.date]:
    if last < first:
        raise ValueError(f"{last} is before {first}")
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def load_calendar(source: Source) -> Calendar:
    """Expand the holiday periods of the data file into single days."""
    closures: list[tuple[dt.date, str]] = []
    workdays: list[tuple[dt.date, str]] = []
    for row in source.data.get("closures", []):
        with item(source, f"closure {row.get('reason')} {row.get('first')}"):
            check_keys(row, ("reason", "first", "last"), ("reason", "first"))
            days = date_range(row["first"], row.get("last", row["first"]))
            closures += [(day, row["reason"]) for day in days]
    for row in source.data.get("workdays", []):
        with item(source, f"workday {row.get('date')}"):
            check_keys(row, ("reason", "date"), ("reason", "date"))
            if row["date"].weekday() < 5:
                raise ValueError("a 调休 working day must be a Saturday or Sunday")
            workdays.append((row["date"], row["reason"]))
    return Calendar(closures, workdays)


def parse_days(spec: str) -> list[int]:
    """Weekdays from ``mon-fri``, ``sat`` or ``mon,wed,fri`` (Monday is 0)."""
    days: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        start = DAY_NAMES.index(first)
        end = DAY_NAMES.index(last) if last else start
        if end < start:
            raise ValueError(f"day range {part!r} runs backwards")
        days += range(start, end + 1)
    return days


def build_periods(schedule: list[Data]) -> list[OpeningPeriod]:
    """Weekly opening periods from a named schedule of the data file."""
    periods = []
    for row in schedule:
        check_keys(row, ("days", "opens", "closes"), ("days", "opens", "closes"))
        for weekday in parse_days(row["days"]):
            periods.append(
                OpeningPeriod(
                    weekday=weekday,
                    opens=dt.time.fromisoformat(row["opens"]),
                    closes=dt.time.fromisoformat(row["closes"]),
                )
            )
    periods.sort(key=lambda p: (p.weekday, p.opens))
    for number, period in enumerate(periods):
        period.sort_order = number
    return periods


def build_exceptions(periods: list[OpeningPeriod], calendar: Calendar) -> list[OpeningException]:
    """Holiday closures on days the point would be open; 调休 days with a weekday's hours."""
    open_days = {period.weekday for period in periods}
    working_day = sorted((p.opens, p.closes) for p in periods if p.weekday == 0)
    rows = [
        OpeningException(date=day, reason=reason, closed=True)
        for day, reason in calendar.closures
        if day.weekday() in open_days
    ]
    for day, reason in calendar.workdays:
        rows += [
            OpeningException(date=day, reason=reason, closed=False, opens=opens, closes=closes)
            for opens, closes in working_day
        ]
    rows.sort(key=lambda e: (e.date, e.opens or dt.time.min))
    for number, row in enumerate(rows):
        row.sort_order = number
    return rows
