"""Where a citizen can handle a matter: the eligible service points, nearest first.

``places_for`` answers it for the guide page, the self check and the printed notification form;
``nearest_places`` gives the first of its answer for a page of search results at once, so they
never disagree. A place is eligible when its offer serves residents of the citizen's township
(``Offer.serves``: own township, whole county for 跨镇通办, or named partner regions); with no
township known, every offering place is listed.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guides.held import held
from guides.models import (
    GuidePage,
    Offer,
    OpeningException,
    OpeningPeriod,
    Region,
    Scope,
    ServicePoint,
    Window,
)
from guides.models.offers import scope_admits
from guides.models.service_points import day_periods, open_during

EARTH_RADIUS_M = 6_371_000
# The windows a hall keeps for applicants who are not its own residents (every Lingshui hall has
# a 跨镇通办 window; the county centre a 跨省通办 one): such an applicant is sent there, when the
# point has it, rather than to the offer's window for the hall's own residents.
CROSS_TOWNSHIP_WINDOW = "跨镇通办窗口"
CROSS_PROVINCE_WINDOW = "跨省通办窗口"
ModelT = TypeVar("ModelT", bound=Model)


@dataclass(frozen=True)
class Place:
    """One service point that will handle the matter for this citizen."""

    offer: Offer
    distance_m: int | None
    open_now: bool

    @property
    def point(self) -> ServicePoint:
        return self.offer.service_point

    def as_json(self) -> dict[str, Any]:
        """What every API says of a place (the search's nearest place, the places API, the self
        check); each adds its own details, such as the point's id. Only fields ``nearest_places``
        loads, so a page of search results reads nothing more."""
        return {
            "name": self.point.name,
            "kind": self.point.kind,
            "distance_m": self.distance_m,
            "distance": distance_text(self.distance_m),
            "modes": self.offer.modes,
            "window": self.offer.window,
            "open_now": self.open_now,
        }


def window_for(offer: Offer, township: Region | None) -> Window | None:
    """The window of the offer's point that a resident of ``township`` goes to: the point's
    跨镇通办 (or 跨省通办) window for someone who is not its own resident, if it has one, else
    the offer's window. Only a window the point has; ``None`` when the offer names none."""
    point = offer.service_point
    windows = {window.name: window for window in point.windows.all()}
    if township is not None and not is_own_resident(point, township):
        same_county = township.parent_id == point.county_id
        cross = windows.get(CROSS_TOWNSHIP_WINDOW if same_county else CROSS_PROVINCE_WINDOW)
        if cross is not None:
            return cross
    return windows.get(offer.window)


def is_own_resident(point: ServicePoint, township: Region) -> bool:
    """Whether a resident of ``township`` is the point's own: its township's, or for a
    county-level point, its county's."""
    if point.township_id is not None:
        return point.township_id == township.pk
    return point.county_id == township.parent_id


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine); good to a few metres at county scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def distance_text(metres: int | None) -> str:
    """A distance as every page, API and form says it: "24 米", "850 米" (to ten metres from
    100 m), "约 3.1 公里" from a kilometre; nothing when unknown."""
    if metres is None:
        return ""
    shown = metres if metres < 100 else round(metres, -1)
    if shown < 1000:
        return _("%(metres)d m") % {"metres": shown}
    return _("about %(km).1f km") % {"km": metres / 1000}


@held(Region)
def _seats() -> list[tuple[float, float, Region]]:
    """(latitude, longitude, township) of every township with coordinates, by code."""
    townships = Region.objects.filter(
        level=Region.Level.TOWNSHIP, latitude__isnull=False, longitude__isnull=False
    )
    return [(float(t.latitude), float(t.longitude), t) for t in townships.order_by("code")]


def township_at(lat: float, lon: float) -> Region | None:
    """The township whose seat is nearest to a point: where a citizen who shares only their
    location most likely lives. Townships without coordinates are ignored.

    Found among the held seats (a province has a few thousand) by the flat-earth distance
    (longitude scaled by the latitude's cosine), which orders seats a few kilometres apart as
    the great circle does. Every located search asks, and the query took ~3 ms.
    """
    scale = math.cos(math.radians(lat))
    nearest = min(
        _seats(),
        key=lambda seat: (seat[0] - lat) ** 2 + ((seat[1] - lon) * scale) ** 2,
        default=None,
    )
    # A copy: the caller may cache related objects on it, the held one is shared.
    return copy.copy(nearest[2]) if nearest else None


def origin_of(region: Region | None) -> tuple[float, float] | None:
    """A region's seat as (lat, lon), if it has one."""
    if region is None or region.latitude is None or region.longitude is None:
        return None
    return float(region.latitude), float(region.longitude)


def offers_with_points(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """These offers with everything ``places_for`` and its callers read, in few queries."""
    return offers.select_related(
        "service_point__region", "service_point__township"
    ).prefetch_related(
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
        for distance, offer in _eligible(offers_with_points(guide.offers.all()), township, origin)
    ]


def nearest_places(
    guide_ids: Iterable[int],
    *,
    township: Region | None = None,
    origin: tuple[float, float] | None = None,
    at: dt.datetime | None = None,
) -> dict[int, Place]:
    """Guide id → the first of ``places_for`` for each of these guides that has an eligible
    place.

    For a page of search results, where a matter may have fifty places: eligibility and
    distance are decided on plain rows of every offer of the page's guides with its point
    (one query); only the chosen rows become objects, and only their points' hours of that day
    are read (one more). The number of queries does not grow with the number of guides or
    offers.
    """
    township, origin = _resident(township, origin)
    resident = (township.pk, township.parent_id) if township is not None else None
    rows = _offer_rows(list(guide_ids), resident)
    partners = _partners([offer for offer, _, scope, *_ in rows if scope == Scope.PARTNERS])
    chosen: dict[int, tuple[int | None, int]] = {}  # guide → (distance, offer id)
    for offer_id, guide_id, scope, lat, lon, *home in rows:
        if resident is not None and not scope_admits(scope, home, partners[offer_id], resident):
            continue
        distance = distance_m(*origin, float(lat), float(lon)) if origin else None
        # Rows come in catalogue order: the first of equally near places wins, as in places_for.
        if guide_id not in chosen or (origin and distance < chosen[guide_id][0]):
            chosen[guide_id] = (distance, offer_id)
    if not chosen:  # e.g. a province's search, whose matters are mostly other counties'
        return {}
    moment = timezone.localtime(at or timezone.now())
    offers = _offers([offer for _, offer in chosen.values()])
    hours = _hours_on(moment.date(), list({offer.service_point_id for offer in offers}))
    return {
        offer.guide_id: Place(
            offer,
            chosen[offer.guide_id][0],
            open_during(day_periods(*hours[offer.service_point_id]), moment.time()),
        )
        for offer in offers
    }


def _offer_rows(guide_ids: list[int], resident: tuple[int, int] | None) -> list[tuple]:
    """(offer id, guide id, scope, latitude, longitude, township id, county id) of the offers
    of these guides, with their point's position and home, in catalogue order. For a resident
    of (township id, county id), only those ``scope_admits`` may admit.

    Written in SQL because every located search runs it, and Django took longer to build it
    (~1.5 ms) than PostgreSQL to answer it."""
    if not guide_ids:
        return []
    offer, point = Offer._meta.db_table, ServicePoint._meta.db_table
    sql = (
        f"SELECT o.id, o.guide_id, o.scope, p.latitude, p.longitude, p.township_id, p.county_id"
        f" FROM {offer} o JOIN {point} p ON p.id = o.service_point_id"
        f" WHERE o.guide_id IN ({', '.join(['%s'] * len(guide_ids))})"
    )
    params: list[object] = list(guide_ids)
    if resident is not None:
        # Partners are checked in Python; otherwise a point of the resident's county, serving
        # the whole county or at home in the resident's township (or the county's own).
        sql += (
            " AND (o.scope = %s OR (p.county_id = %s AND (o.scope = %s"
            " OR p.township_id = %s OR p.township_id IS NULL)))"
        )
        params += [Scope.PARTNERS.value, resident[1], Scope.COUNTY.value, resident[0]]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY o.sort_order", params)
        return cursor.fetchall()


def _offers(offer_ids: list[int]) -> list[Offer]:
    """These offers with their points, as a search result shows them: the columns it reads,
    in one query; the other fields are deferred (read from the database if asked for)."""
    offer, point = Offer._meta.db_table, ServicePoint._meta.db_table
    sql = (
        f"SELECT o.id, o.guide_id, o.modes, o.scope, o.window, p.id, p.name, p.kind,"
        f" p.township_id, p.county_id FROM {offer} o JOIN {point} p ON p.id = o.service_point_id"
        f" WHERE o.id IN ({', '.join(['%s'] * len(offer_ids))})"
    )
    modes = Offer._meta.get_field("modes")
    with connection.cursor() as cursor:
        cursor.execute(sql, offer_ids)
        rows = cursor.fetchall()
    offers = []
    for offer_id, guide_id, stored_modes, scope, window, *point_columns in rows:
        point_id, name, kind, township_id, county_id = point_columns
        offer = _loaded(
            Offer,
            id=offer_id,
            guide_id=guide_id,
            service_point_id=point_id,
            modes=modes.from_db_value(stored_modes, None, connection),
            scope=scope,
            window=window,
        )
        offer.service_point = _loaded(
            ServicePoint,
            id=point_id,
            name=name,
            kind=kind,
            township_id=township_id,
            county_id=county_id,
        )
        offers.append(offer)
    return offers


def _loaded(model: type[ModelT], **values: object) -> ModelT:
    """``Model.from_db`` for the fields in ``values``; the others are deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


class _Hours(NamedTuple):
    closed: bool
    opens: dt.time | None
    closes: dt.time | None


def _hours_on(
    day: dt.date, point_ids: list[int]
) -> defaultdict[int, tuple[list[_Hours], list[_Hours]]]:
    """Point id → (exceptions, weekly periods) on ``day``, as ``day_periods`` takes them: a
    search result only says whether the place is open now, and a hall has dozens of holiday
    exceptions a year. One query."""
    hours: defaultdict[int, tuple[list[_Hours], list[_Hours]]] = defaultdict(lambda: ([], []))
    exception, period = OpeningException._meta.db_table, OpeningPeriod._meta.db_table
    ids = ", ".join(["%s"] * len(point_ids))
    sql = (
        f"SELECT service_point_id, TRUE, closed, opens, closes FROM {exception}"
        f" WHERE date = %s AND service_point_id IN ({ids})"
        f" UNION ALL SELECT service_point_id, FALSE, FALSE, opens, closes FROM {period}"
        f" WHERE weekday = %s AND service_point_id IN ({ids})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, *point_ids, day.weekday(), *point_ids])
        for point_id, is_exception, *row in cursor.fetchall():
            hours[point_id][0 if is_exception else 1].append(_Hours(*row))
    return hours


def _partners(offer_ids: list[int]) -> dict[int, set[int]]:
    """Offer id → the ids of its partner regions."""
    partners: dict[int, set[int]] = defaultdict(set)
    if not offer_ids:  # the usual case: not even a query to build
        return partners
    links = Offer.partner_regions.through.objects.filter(offer_id__in=offer_ids)
    for offer_id, region_id in links.values_list("offer_id", "region_id"):
        partners[offer_id].add(region_id)
    return partners
