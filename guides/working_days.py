"""Working days (工作日) by the county's holiday calendar.

Time limits of the reform are counted in working days: a rectification is due 15 working days
after a bad rating, a guide promises 5 working days. The calendar is the one editors already
keep: the holidays and special openings (``OpeningException``) of the county's government
service centre. Monday to Friday is a working day unless the centre is closed all day by an
exception (国庆节放假); a Saturday or Sunday is a working day only when an exception opens the
centre that day (调休上班). The centre's regular Saturday morning opening does not make Saturday a
working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from guides.models import OpeningException, Region, ServicePoint


@dataclass(frozen=True)
class WorkingCalendar:
    """Dates that differ from the Monday-to-Friday week: ``closed`` weekdays (holidays) and
    ``opened`` weekend days (调休上班)."""

    closed: frozenset[dt.date] = frozenset()
    opened: frozenset[dt.date] = frozenset()

    @classmethod
    def of_county(cls, county: Region | None = None) -> WorkingCalendar:
        """The calendar of ``county``'s service centre (the only county's, when None)."""
        centres = ServicePoint.objects.filter(kind=ServicePoint.Kind.COUNTY_CENTRE)
        if county is not None:
            centres = centres.filter(region=county)
        rows = OpeningException.objects.filter(service_point__in=centres).values_list(
            "date", "closed"
        )
        closed = {day for day, is_closed in rows if is_closed}
        opened = {day for day, is_closed in rows if not is_closed and day.weekday() >= 5}
        return cls(frozenset(closed), frozenset(opened))

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return day in self.opened
        return day not in self.closed

    def add(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` <= ``start``)."""
        return sum(
            self.is_working_day(start + dt.timedelta(days=n))
            for n in range(1, (end - start).days + 1)
        )
