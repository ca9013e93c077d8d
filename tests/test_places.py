"""Where a citizen can handle a matter: eligibility by offer scope, nearest first."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import GuidePage, Region, ServicePoint
from guides.places import distance_m, nearest_places, places_for, township_at

pytestmark = pytest.mark.django_db

CHINA = dt.timezone(dt.timedelta(hours=8))
LIAN = "469034108000"  # 黎安镇
GUANGPO = "469034101000"  # 光坡镇
FOOD_LICENCE = "469034-XK-004"  # delegated to every township hall, 跨镇通办
LOW_INCOME = "469034-JF-001"  # also handled by proxy at village stations, own township only


def test_distance_is_haversine():
    # One degree of latitude is about 111.2 km anywhere.
    assert 111_000 < distance_m(18.0, 110.0, 19.0, 110.0) < 111_400
    assert distance_m(18.5, 110.0, 18.5, 110.0) == 0


def test_a_delegated_matter_is_nearest_at_the_citizens_own_hall():
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    places = places_for(guide, township=Region.objects.get(code=LIAN))
    assert places[0].point.name == "黎安镇便民服务中心"
    assert places[0].distance_m < 2_000
    # 跨镇通办: every one of the 11 halls and the county centre will take it.
    kinds = [place.point.kind for place in places]
    assert kinds.count(ServicePoint.Kind.TOWNSHIP_HALL) == 11
    assert [p.distance_m for p in places] == sorted(p.distance_m for p in places)


def test_a_village_station_serves_only_its_own_township():
    guide = GuidePage.objects.get(code=LOW_INCOME)
    guangpo = Region.objects.get(code=GUANGPO)
    stations = [
        place.point
        for place in places_for(guide, township=guangpo)
        if place.point.kind == ServicePoint.Kind.VILLAGE_STATION
    ]
    assert stations, "光坡镇's own stations handle it by proxy"
    assert all(point.township == guangpo for point in stations)


def test_a_village_gives_both_origin_and_township():
    guide = GuidePage.objects.get(code=LOW_INCOME)
    village = Region.objects.get(name="港坡村")
    nearest = places_for(guide, township=village)[0]
    assert nearest.point.name == "港坡村便民服务站"


def test_without_a_location_every_offering_place_is_listed_without_distance():
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    places = places_for(guide)
    assert len(places) == guide.offers.count()
    assert all(place.distance_m is None for place in places)


def test_open_now_follows_the_given_moment():
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    tuesday_morning = dt.datetime(2026, 11, 24, 10, 0, tzinfo=CHINA)
    tuesday_night = dt.datetime(2026, 11, 24, 23, 0, tzinfo=CHINA)
    lian = Region.objects.get(code=LIAN)
    assert places_for(guide, township=lian, at=tuesday_morning)[0].open_now
    assert not places_for(guide, township=lian, at=tuesday_night)[0].open_now


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(2026, 11, 24, 10, 0, tzinfo=CHINA),  # a Tuesday morning: open
        dt.datetime(2026, 10, 2, 10, 0, tzinfo=CHINA),  # 国庆节: halls closed, 24h points open
        dt.datetime(2026, 9, 20, 10, 0, tzinfo=CHINA),  # a Sunday worked in lieu (调休上班)
    ],
)
def test_nearest_places_says_open_now_as_places_for_does(at):
    # nearest_places reads only the hours of the day in question; places_for reads them all.
    guides = list(GuidePage.objects.live())
    for resident in Region.objects.filter(level=Region.Level.TOWNSHIP):
        nearest = nearest_places([g.pk for g in guides], township=resident, at=at)
        for guide in guides:
            places = places_for(guide, township=resident, at=at)
            assert nearest.get(guide.pk) == (places[0] if places else None)


def test_township_at_picks_the_nearest_seat():
    assert township_at(18.44, 110.04).code == LIAN


def test_township_at_agrees_with_the_great_circle_across_the_county():
    seats = [
        (float(t.latitude), float(t.longitude), t.code)
        for t in Region.objects.filter(level=Region.Level.TOWNSHIP, latitude__isnull=False)
    ]
    for step_lat in range(13):
        for step_lon in range(13):
            lat, lon = 18.35 + step_lat * 0.035, 109.78 + step_lon * 0.035
            nearest = min(seats, key=lambda seat: distance_m(lat, lon, seat[0], seat[1]))
            assert township_at(lat, lon).code == nearest[2], (lat, lon)


def queries_for(guides: list[GuidePage], resident: Region | None) -> int:
    resident = resident and Region.objects.get(pk=resident.pk)  # nothing cached on it
    with CaptureQueriesContext(connection) as queries:
        nearest_places([g.pk for g in guides], township=resident)
    return len(queries)


def test_nearest_places_for_a_page_of_results_agrees_with_places_for():
    guides = list(GuidePage.objects.live())
    residents = [
        None,
        *Region.objects.filter(level=Region.Level.TOWNSHIP),
        *Region.objects.filter(level=Region.Level.VILLAGE)[:5],
    ]
    for resident in residents:
        # A page of results costs a few queries whatever the number of guides and offers: the
        # offers, partner regions, the chosen offers and their hours (and a village's township).
        assert queries_for(guides, resident) <= 6
        assert queries_for(guides[:2], resident) <= 6
        nearest = nearest_places([g.pk for g in guides], township=resident)
        expected = {}
        for guide in guides:
            places = places_for(guide, township=resident)
            if places:
                expected[guide.pk] = places[0]
        assert nearest == expected, resident
