"""The county's figures, computed from the catalogue and from use, never typed in.

From the live guides and their offers: 即办件占比, 通办率, 网办率, 零跑动 and 最多跑一次 shares,
average promised and statutory days (减时限). From a period's use: ratings (好评率, average,
count), rectification tasks (closed on time, overdue), 办不成事 reports (received, closed,
average days to close) and forms issued per hall per week (the notices register). For the
county and for each township; ``Figures(period).scope(township_id)`` gives one, ``as_json``
all of them.

A township's guides are its local guides and every guide offered at one of its service points;
its 通办率 counts only its own points' offers, its ratings and reports those routed to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from feedback.models import GOOD_LEVELS, ProblemReport, Rating, Rectification, RectificationState
from feedback.models import ReportState as ReportStateChoices
from guides.models import CaseType, GuidePage, HandlingMode, Offer, Region, Scope, TownshipSection
from notices.models import IssuedNotice

DEFAULT_WEEKS = 12
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @classmethod
    def default(cls, today: dt.date | None = None) -> Period:
        end = today or timezone.localdate()
        return cls(end - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1), end)

    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the period touches."""
        monday = self.start - dt.timedelta(days=self.start.weekday())
        return [monday + dt.timedelta(weeks=n) for n in range((self.end - monday).days // 7 + 1)]


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def average(total: float, count: int, digits: int = 2) -> float | None:
    return round(total / count, digits) if count else None


@dataclass
class GuideRow:
    case_type: str
    statutory_days: int | None
    promised_days: int | None
    visits: int
    online: bool
    township_id: int | None  # a local guide's township


class Figures:
    """Reads the rows once (a handful of queries, grouped in the database where they are many)
    and answers for the county and any township."""

    def __init__(self, period: Period, today: dt.date | None = None) -> None:
        self.period = period
        self.today = today or timezone.localdate()
        self.townships = list(Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("code"))
        self._load_catalogue()
        self._load_use()

    # -- loading ----------------------------------------------------------------------------

    def _load_catalogue(self) -> None:
        sections = dict(TownshipSection.objects.values_list("path", "township_id"))
        self.guides: dict[int, GuideRow] = {}
        live = GuidePage.objects.live().values_list(
            "pk", "path", "case_type", "statutory_days", "promised_days", "visits", "online_url"
        )
        for pk, path, case_type, statutory, promised, visits, online_url in live:
            parent = path[: -GuidePage.steplen]
            self.guides[pk] = GuideRow(
                case_type, statutory, promised, visits, bool(online_url), sections.get(parent)
            )
        self.offers = list(
            Offer.objects.filter(guide_id__in=self.guides).values_list(
                "guide_id", "service_point__township_id", "modes", "scope"
            )
        )
        for guide_id, _township, modes, _scope in self.offers:
            if HandlingMode.ONLINE in modes:
                self.guides[guide_id].online = True

    def _load_use(self) -> None:
        span = (self.period.start, self.period.end)
        self.rating_rows = list(
            Rating.objects.filter(created_at__date__range=span)
            .annotate(week=TruncWeek("created_at"))
            .values("township_id", "week")
            .annotate(
                count=Count("pk"),
                total=Sum("level"),
                good=Count("pk", filter=Q(level__in=GOOD_LEVELS)),
            )
        )
        self.tasks = list(
            Rectification.objects.filter(opened_at__date__range=span).values_list(
                "township_id", "state", "due_date", "closed_at"
            )
        )
        self.reports = list(
            ProblemReport.objects.filter(received_at__date__range=span).values_list(
                "township_id", "state", "received_at", "closed_at"
            )
        )
        self.notice_rows = list(
            IssuedNotice.objects.filter(issued_at__date__range=span)
            .annotate(week=TruncWeek("issued_at"))
            .values("service_point_id", "service_point__name", "service_point__township_id", "week")
            .annotate(count=Count("pk"))
            .order_by("service_point__name", "week")
        )

    # -- answers ----------------------------------------------------------------------------

    def scope(self, township_id: int | None) -> dict[str, Any]:
        """The figures of the county (None) or of one township."""
        return {
            **self.catalogue(township_id),
            **self.ratings(township_id),
            **self.rectifications(township_id),
            **self.problem_reports(township_id),
            "forms_per_hall_week": self.forms(township_id),
            "weekly": self.weekly(township_id),
        }

    def catalogue(self, township_id: int | None) -> dict[str, Any]:
        if township_id is None:
            ids = set(self.guides)
            own_offers = self.offers
        else:
            own_offers = [row for row in self.offers if row[1] == township_id]
            ids = {row[0] for row in own_offers}
            ids |= {pk for pk, guide in self.guides.items() if guide.township_id == township_id}
        rows = [self.guides[pk] for pk in ids]
        crossing = {
            guide_id
            for guide_id, _township, modes, scope in own_offers
            if HandlingMode.CROSS_TOWNSHIP in modes or scope == Scope.PARTNERS
        }
        timed = [g for g in rows if g.statutory_days and g.promised_days is not None]
        statutory = sum(g.statutory_days for g in timed)
        promised = sum(g.promised_days for g in timed)
        n = len(rows)
        return {
            "guides": n,
            "immediate_rate": rate(sum(g.case_type == CaseType.IMMEDIATE for g in rows), n),
            "cross_area_rate": rate(len(crossing & ids), n),
            "online_rate": rate(sum(g.online for g in rows), n),
            "zero_visit_rate": rate(sum(g.visits == 0 for g in rows), n),
            "one_visit_rate": rate(sum(g.visits <= 1 for g in rows), n),
            "statutory_days_avg": average(statutory, len(timed)),
            "promised_days_avg": average(promised, len(timed)),
            "time_cut_rate": rate(statutory - promised, statutory),
        }

    def _ratings_of(self, township_id: int | None) -> list[dict]:
        if township_id is None:
            return self.rating_rows
        return [row for row in self.rating_rows if row["township_id"] == township_id]

    def ratings(self, township_id: int | None) -> dict[str, Any]:
        rows = self._ratings_of(township_id)
        count = sum(row["count"] for row in rows)
        return {
            "ratings": count,
            "rating_avg": average(sum(row["total"] for row in rows), count),
            "good_rate": rate(sum(row["good"] for row in rows), count),
        }

    def rectifications(self, township_id: int | None) -> dict[str, Any]:
        rows = [row for row in self.tasks if township_id is None or row[0] == township_id]
        closed = [row for row in rows if row[1] == RectificationState.CLOSED]
        on_time = [row for row in closed if timezone.localdate(row[3]) <= row[2]]
        overdue_open = [
            row for row in rows if row[1] != RectificationState.CLOSED and row[2] < self.today
        ]
        return {
            "rectifications": len(rows),
            "rectifications_closed": len(closed),
            "rectifications_on_time": len(on_time),
            "rectifications_overdue": len(overdue_open) + len(closed) - len(on_time),
            "rectification_on_time_rate": rate(len(on_time), len(closed)),
        }

    def problem_reports(self, township_id: int | None) -> dict[str, Any]:
        rows = [row for row in self.reports if township_id is None or row[0] == township_id]
        closed = [row for row in rows if row[1] == ReportStateChoices.CLOSED]
        days = sum((row[3] - row[2]).total_seconds() / 86400 for row in closed)
        return {
            "reports": len(rows),
            "reports_closed": len(closed),
            "report_days_avg": average(days, len(closed), 1),
        }

    def forms(self, township_id: int | None) -> list[dict[str, Any]]:
        return [
            {
                "point": row["service_point__name"] or "—",
                "point_id": row["service_point_id"],
                "week": week_of(row["week"]).isoformat(),
                "count": row["count"],
            }
            for row in self.notice_rows
            if township_id is None or row["service_point__township_id"] == township_id
        ]

    def weekly(self, township_id: int | None) -> list[dict[str, Any]]:
        """Per week of the period: ratings, their good rate, forms issued."""
        ratings: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for row in self._ratings_of(township_id):
            ratings[week_of(row["week"])][0] += row["count"]
            ratings[week_of(row["week"])][1] += row["good"]
        forms: dict[str, int] = defaultdict(int)
        for row in self.forms(township_id):
            forms[row["week"]] += row["count"]
        return [
            {
                "week": monday.isoformat(),
                "ratings": ratings[monday][0],
                "good_rate": rate(ratings[monday][1], ratings[monday][0]),
                "forms": forms[monday.isoformat()],
            }
            for monday in self.period.weeks()
        ]

    def as_json(self, township: Region | None = None) -> dict[str, Any]:
        """The API's answer: the county, then each township (or only ``township``)."""
        townships = [t for t in self.townships if township is None or t.pk == township.pk]
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "county": self.scope(None),
            "townships": [{"code": t.code, "name": t.name, **self.scope(t.pk)} for t in townships],
        }


def week_of(value: dt.datetime | dt.date) -> dt.date:
    """TruncWeek gives the Monday as a datetime in the current time zone (a date on SQLite)."""
    return value.date() if isinstance(value, dt.datetime) else value
