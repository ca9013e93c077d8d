"""The figures, recomputed here from the raw rows by a different road, must match the API."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from feedback.models import ProblemReport, Rating, Rectification
from guides.models import GuidePage, Region, ServicePoint
from notices.models import IssuedNotice

pytestmark = pytest.mark.django_db

LIAN = "469034108000"
YINGZHOU = "469034103000"
FROM, TO = dt.date(2026, 3, 2), dt.date(2026, 3, 29)  # four weeks, Monday to Sunday


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def use():
    """Ratings, tasks, reports and forms in and around the period, in two townships."""
    lian, yingzhou = Region.objects.get(code=LIAN), Region.objects.get(code=YINGZHOU)
    guide = GuidePage.objects.get(code="469034-XK-004")
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")
    rows = [
        (5, lian, dt.date(2026, 3, 2)),
        (4, lian, dt.date(2026, 3, 10)),
        (1, lian, dt.date(2026, 3, 11)),
        (3, yingzhou, dt.date(2026, 3, 20)),
        (2, None, dt.date(2026, 3, 29)),
        (5, lian, dt.date(2026, 3, 30)),  # the day after the period
        (1, lian, dt.date(2026, 3, 1)),  # the day before
    ]
    for level, township, day in rows:
        Rating.objects.create(
            guide=guide,
            matter_code=guide.code,
            level=level,
            township=township,
            channel="api",
            created_at=at(day, 23),  # late evening: the local date, not UTC's, decides
        )
    ratings = Rating.objects.order_by("pk")
    for rating, (opened, due, closed) in zip(
        ratings[:3],
        [
            (dt.date(2026, 3, 3), dt.date(2026, 3, 24), dt.date(2026, 3, 20)),  # on time
            (dt.date(2026, 3, 4), dt.date(2026, 3, 25), dt.date(2026, 3, 27)),  # late
            (dt.date(2026, 3, 5), dt.date(2026, 3, 26), None),  # open, overdue by now
        ],
        strict=True,
    ):
        Rectification.objects.create(
            rating=rating,
            guide=guide,
            township=lian,
            reason="x",
            opened_at=at(opened),
            due_date=due,
            state="closed" if closed else "in_progress",
            closed_at=at(closed) if closed else None,
        )
    for township, received, closed in [
        (lian, dt.date(2026, 3, 3), dt.date(2026, 3, 6)),
        (lian, dt.date(2026, 3, 9), None),
        (yingzhou, dt.date(2026, 3, 16), dt.date(2026, 3, 18)),
    ]:
        ProblemReport.objects.create(
            description="x",
            township=township,
            channel="public",
            received_at=at(received),
            state="closed" if closed else "accepted",
            closed_at=at(closed, 16) if closed else None,
        )
    for day in (dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 17)):
        IssuedNotice.objects.create(
            guide=guide,
            matter_code=guide.code,
            service_point=hall,
            content={"materials": []},
            issued_at=at(day),
        )


def expected_catalogue(township: Region | None) -> dict:
    """From the guide pages themselves (``GuidePage.township``, each offer's point)."""
    guides = []
    for guide in GuidePage.objects.live().prefetch_related("offers__service_point"):
        offers = list(guide.offers.all())
        own = [o for o in offers if township is None or o.service_point.township_id == township.pk]
        local = township is not None and guide.township == township
        if township is None or own or local:
            guides.append((guide, offers, own))
    n = len(guides)
    timed = [g for g, _, _ in guides if g.statutory_days and g.promised_days is not None]
    statutory = sum(g.statutory_days for g in timed)
    promised = sum(g.promised_days for g in timed)
    return {
        "guides": n,
        "immediate_rate": round(sum(g.case_type == "immediate" for g, _, _ in guides) / n, 4),
        "cross_area_rate": round(
            sum(
                any("cross_township" in o.modes or o.scope == "partners" for o in own)
                for _, _, own in guides
            )
            / n,
            4,
        ),
        "online_rate": round(
            sum(
                bool(g.online_url) or any("online" in o.modes for o in offers)
                for g, offers, _ in guides
            )
            / n,
            4,
        ),
        "zero_visit_rate": round(sum(g.visits == 0 for g, _, _ in guides) / n, 4),
        "one_visit_rate": round(sum(g.visits <= 1 for g, _, _ in guides) / n, 4),
        "statutory_days_avg": round(statutory / len(timed), 2),
        "promised_days_avg": round(promised / len(timed), 2),
        "time_cut_rate": round((statutory - promised) / statutory, 4),
    }


def test_the_county_figures_match_the_raw_rows(client, use):
    body = client.get("/api/figures/", {"from": FROM, "to": TO}).json()
    county = body["county"]

    for key, value in expected_catalogue(None).items():
        assert county[key] == value, key
    levels = [5, 4, 1, 3, 2]
    assert county["ratings"] == 5
    assert county["rating_avg"] == round(sum(levels) / 5, 2)
    assert county["good_rate"] == 0.4
    assert county["rectifications"] == 3
    assert county["rectifications_closed"] == 2
    assert county["rectifications_on_time"] == 1
    assert county["rectifications_overdue"] == 2
    assert county["rectification_on_time_rate"] == 0.5
    assert county["reports"] == 3 and county["reports_closed"] == 2
    # 3 days 6 hours and 2 days 6 hours: 2.75 days on average.
    assert county["report_days_avg"] == round((3.25 + 2.25) / 2, 1)
    assert county["forms_per_hall_week"] == [
        {
            "point": "黎安镇便民服务中心",
            "point_id": county["forms_per_hall_week"][0]["point_id"],
            "week": "2026-03-02",
            "count": 2,
        },
        {
            "point": "黎安镇便民服务中心",
            "point_id": county["forms_per_hall_week"][0]["point_id"],
            "week": "2026-03-16",
            "count": 1,
        },
    ]
    weekly = {row["week"]: row for row in county["weekly"]}
    assert list(weekly) == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]
    assert weekly["2026-03-02"] == {
        "week": "2026-03-02",
        "ratings": 1,
        "good_rate": 1.0,
        "forms": 2,
    }
    assert weekly["2026-03-09"]["ratings"] == 2 and weekly["2026-03-09"]["good_rate"] == 0.5
    assert weekly["2026-03-23"] == {
        "week": "2026-03-23",
        "ratings": 1,
        "good_rate": 0.0,
        "forms": 0,
    }


def test_a_townships_figures_count_only_what_is_routed_to_it(client, use):
    body = client.get("/api/figures/", {"from": FROM, "to": TO, "township": LIAN}).json()
    (lian,) = body["townships"]

    for key, value in expected_catalogue(Region.objects.get(code=LIAN)).items():
        assert lian[key] == value, key
    assert lian["ratings"] == 3 and lian["good_rate"] == round(2 / 3, 4)
    assert lian["reports"] == 2 and lian["reports_closed"] == 1
    assert lian["rectifications"] == 3
    yingzhou = client.get("/api/figures/", {"from": FROM, "to": TO, "township": YINGZHOU}).json()
    assert yingzhou["townships"][0]["ratings"] == 1
    assert yingzhou["townships"][0]["forms_per_hall_week"] == []


def test_every_township_is_listed_and_they_add_up(client, use):
    body = client.get("/api/figures/", {"from": FROM, "to": TO}).json()
    per_township = Counter()
    for township in body["townships"]:
        per_township["ratings"] += township["ratings"]
        per_township["reports"] += township["reports"]
    # One rating is the county's own (no township).
    assert per_township["ratings"] == body["county"]["ratings"] - 1
    assert per_township["reports"] == body["county"]["reports"]
