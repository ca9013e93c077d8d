"""Where a citizen can handle a matter: the eligible service points, nearest first.

One function answers it for the guide page, the search results, the self check and the printed
notification form, so they never disagree. A place is eligible when its offer serves residents of
the citizen's township (``Offer.serves``: own township, whole county for 跨镇通办, or named
partner regions); with no township known, every offering place is listed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils import timezone

from guides.models import GuidePage, Offer, Region, ServicePoint

EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class Place:
    """One service point that will handle the matter for this citizen."""

    offer: Offer
    distance_m: int | None
    open_now: bool

    @property
    def point(self) -> ServicePoint:
        return self.offer.service_point


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine); good to a few metres at county scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def township_at(lat: float, lon: float) -> Region | None:
    """The township whose seat is nearest to a point: where a citizen who shares only their
    location most likely lives. Townships without coordinates are ignored."""
    townships = Region.objects.filter(
        level=Region.Level.TOWNSHIP, latitude__isnull=False, longitude__isnull=False
    ).select_related("parent")
    return min(
        townships,
        key=lambda t: distance_m(lat, lon, float(t.latitude), float(t.longitude)),
        default=None,
    )


def origin_of(region: Region | None) -> tuple[float, float] | None:
    """A region's seat as (lat, lon), if it has one."""
    if region is None or region.latitude is None or region.longitude is None:
        return None
    return float(region.latitude), float(region.longitude)


def offers_with_points(guide: GuidePage):
    """The guide's offers with everything ``places_for`` reads, in few queries."""
    return guide.offers.select_related("service_point__region__parent__parent").prefetch_related(
        "partner_regions",
        "service_point__opening_periods",
        "service_point__opening_exceptions",
        "service_point__windows",
    )


def _resident(
    township: Region | None, origin: tuple[float, float] | None
) -> tuple[Region | None, tuple[float, float] | None]:
    """The citizen's township and where to measure from: a village stands for its township,
    measured from the village; without ``origin``, from the township's seat."""
    if township is not None and township.level == Region.Level.VILLAGE:
        origin = origin or origin_of(township)
        township = township.township
    return township, origin or origin_of(township)


def _eligible(
    offers: Iterable[Offer], township: Region | None, origin: tuple[float, float] | None
) -> list[tuple[int | None, Offer]]:
    """(distance, offer) for the offers that serve ``township``, nearest first when there is an
    origin, else in catalogue order."""
    eligible = []
    for offer in offers:
        if township is not None and not offer.serves(township):
            continue
        point = offer.service_point
        distance = (
            distance_m(origin[0], origin[1], float(point.latitude), float(point.longitude))
            if origin
            else None
        )
        eligible.append((distance, offer))
    if origin:
        eligible.sort(key=lambda pair: pair[0])
    return eligible


def places_for(
    guide: GuidePage,
    *,
    township: Region | None = None,
    origin: tuple[float, float] | None = None,
    at: dt.datetime | None = None,
) -> list[Place]:
    """The places that handle ``guide`` for a resident of ``township``, nearest to ``origin``.

    ``township`` may be a village: its township is used. Without ``origin`` the township's seat
    is the origin; without either, places are listed in catalogue order with no distance.
    """
    township, origin = _resident(township, origin)
    moment = at or timezone.now()
    return [
        Place(offer, distance, offer.service_point.is_open_at(moment))
        for distance, offer in _eligible(offers_with_points(guide), township, origin)
    ]


def nearest_places(
    guides: Iterable[GuidePage],
    *,
    township: Region | None = None,
    origin: tuple[float, float] | None = None,
    at: dt.datetime | None = None,
) -> dict[int, Place]:
    """Guide id → the first of ``places_for`` for each guide that has an eligible place.

    For a page of search results: the offers of all the guides are read at once, and opening
    hours only for the points chosen, so the cost does not grow with the number of guides on
    the page or the number of places that offer each matter.
    """
    township, origin = _resident(township, origin)
    offers_by_guide: dict[int, list[Offer]] = defaultdict(list)
    offers = (
        Offer.objects.filter(guide__in=[guide.pk for guide in guides])
        .select_related("service_point__region__parent__parent")
        .prefetch_related("partner_regions")
    )
    for offer in offers:
        offers_by_guide[offer.guide_id].append(offer)
    chosen = {}
    for guide_id, its_offers in offers_by_guide.items():
        eligible = _eligible(its_offers, township, origin)
        if eligible:
            chosen[guide_id] = eligible[0]
    prefetch_related_objects(
        [offer.service_point for _, offer in chosen.values()],
        "opening_periods",
        "opening_exceptions",
        "windows",
    )
    moment = at or timezone.now()
    return {
        guide_id: Place(offer, distance, offer.service_point.is_open_at(moment))
        for guide_id, (distance, offer) in chosen.items()
    }
