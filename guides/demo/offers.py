"""A guide's offers (实施清单) from its ``where`` table and the service point network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from guides.demo.reading import Data, check_keys, describe, validate
from guides.demo.service_points import Network
from guides.models import GuidePage, HandlingMode, Offer, Region, Scope, ServicePoint

# The modes of 赋权乡镇 at every township hall: 跨镇通办, 跨镇代办 and 跨镇导办 besides the window.
HALL_MODES = (
    HandlingMode.WINDOW,
    HandlingMode.CROSS_TOWNSHIP,
    HandlingMode.PROXY,
    HandlingMode.GUIDED,
)
WHERE_KEYS = (
    "county",
    "county_window",
    "partners",
    "delegated",
    "hall_window",
    "hall_modes",
    "self_service",
)


@dataclass
class OfferSpec:
    """One offer before it becomes a row: the point, how, for whom, where inside."""

    point: ServicePoint
    modes: list[str]
    scope: str
    window: str = ""
    partners: list[Region] = field(default_factory=list)
    local_notes: str = ""
    local_extra_materials: str = ""


def ordered_modes(modes: Iterable[str]) -> list[str]:
    """Modes once each, in the canonical order of HandlingMode."""
    wanted = set(modes)
    unknown = wanted - set(HandlingMode.values)
    if unknown:
        raise ValueError(f"unknown handling mode(s) {', '.join(sorted(unknown))}")
    return [mode for mode in HandlingMode.values if mode in wanted]


def county_offer(guide: Data, where: Data, network: Network, regions: Mapping) -> OfferSpec:
    """The county centre handles every matter; partner regions make it 跨省通办."""
    partners = [regions[code] for code in where.get("partners", [])]
    return OfferSpec(
        point=network.county_centre,
        modes=[HandlingMode.WINDOW, *guide.get("channels", [])],
        scope=Scope.PARTNERS if partners else Scope.COUNTY,
        window=where["county_window"],
        partners=partners,
    )


def hall_offers(guide: Data, where: Data, network: Network) -> list[OfferSpec]:
    """赋权乡镇: every township hall, 跨镇通办 for residents of the whole county."""
    modes = [*HALL_MODES, *where.get("hall_modes", []), *guide.get("channels", [])]
    window = where.get("hall_window", "综合受理窗口")
    return [OfferSpec(hall, list(modes), Scope.COUNTY, window) for hall in network.halls]


def station_offers(guide: Data, network: Network) -> list[OfferSpec]:
    """Village and community stations that handle the matter by proxy for their township."""
    modes = [HandlingMode.PROXY]
    if guide.get("channels"):
        modes.append(HandlingMode.GUIDED)  # the 代办员 helps the applicant apply online
    return [
        OfferSpec(station, list(modes), Scope.TOWNSHIP, network.station_window)
        for station, proxy in network.stations
        if guide["code"] in network.proxy_sets[proxy]
    ]


def kiosk_offers(where: Data, network: Network) -> list[OfferSpec]:
    """Self-service machines: which kiosk, in which self-service area."""
    offers = []
    for row in where.get("self_service", []):
        check_keys(row, ("point", "window"), ("point", "window"))
        point = network.points[row["point"]]
        offers.append(OfferSpec(point, [HandlingMode.SELF_SERVICE], Scope.COUNTY, row["window"]))
    return offers


def apply_local_notes(specs: list[OfferSpec], rows: list[Data]) -> None:
    """Notes and extra materials that apply at one service point only."""
    by_point = {spec.point.name: spec for spec in specs}
    for row in rows:
        check_keys(row, ("point", "notes", "extra_materials"), ("point",))
        if row["point"] not in by_point:
            raise ValueError(f"local note for {row['point']}, which does not offer the matter")
        spec = by_point[row["point"]]
        spec.local_notes = row.get("notes", "")
        spec.local_extra_materials = "\n".join(row.get("extra_materials", []))


def offer_specs(guide: Data, network: Network, regions: Mapping[str, Region]) -> list[OfferSpec]:
    """The implementation list (实施清单) of one matter."""
    where = guide.get("where", {})
    check_keys(where, WHERE_KEYS)
    specs = []
    if where.get("county", True):
        specs.append(county_offer(guide, where, network, regions))
    if where.get("delegated", False):
        specs += hall_offers(guide, where, network)
    specs += station_offers(guide, network)
    specs += kiosk_offers(where, network)
    apply_local_notes(specs, guide.get("local", []))
    return specs


def build_offer(spec: OfferSpec, number: int) -> Offer:
    """One offer row, validated like the admin's inline form."""
    offer = Offer(
        service_point=spec.point,
        modes=ordered_modes(spec.modes),
        scope=spec.scope,
        window=spec.window,
        local_notes=spec.local_notes,
        local_extra_materials=spec.local_extra_materials,
        sort_order=number,
    )
    try:
        validate(offer, exclude=["guide"])
    except ValidationError as error:
        raise ValueError(f"offer at {spec.point}: {describe(error)}") from error
    return offer


def attach_partners(page: GuidePage, specs: list[OfferSpec]) -> None:
    """Store the partner regions of the published offers.

    Offer is not a ClusterableModel, so its ParentalManyToManyField is neither kept in page
    revisions nor written by ``save()``; it is committed here, on the live rows.
    """
    partners = {spec.point.pk: spec.partners for spec in specs if spec.partners}
    for offer in Offer.objects.filter(guide=page, service_point_id__in=partners):
        offer.partner_regions.set(partners[offer.service_point_id])
        offer.partner_regions.commit()
