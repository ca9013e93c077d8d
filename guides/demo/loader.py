"""Load the demo county, 陵水黎族自治县, from the TOML files in ``guides/demo/data/``.

Every object is upserted by its natural key (region code, service point name, theme slug, matter
code, life event slug), so loading twice gives the same rows. A guide's child rows (materials,
steps, fees, FAQs, offers) are replaced on each run. Each object and child row goes through the
same validation as the admin (``full_clean`` plus the rules of ``guides.publishing`` that
``GuidePageForm`` applies); the first problem stops the load with a message naming the file and
the item, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from guides.models import (
    FeeItem,
    FrequentQuestion,
    GuideIndexPage,
    GuidePage,
    HandlingMode,
    LifeEventIndexPage,
    LifeEventItem,
    LifeEventPage,
    Material,
    Offer,
    OpeningException,
    OpeningPeriod,
    ProcedureStep,
    Region,
    Scope,
    ServicePoint,
    Theme,
    Window,
)
from guides.publishing import (
    GuideEssentials,
    OfferRow,
    fee_problems,
    missing_for_publication,
    offer_problems,
)
from guides.signals import demo_loaded
from guidesite.models import CountySettings, HomePage

DATA_DIR = Path(__file__).resolve().parent / "data"
COORDINATE_STEP = Decimal("0.000001")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMOTE_MODES = (HandlingMode.ONLINE, HandlingMode.MOBILE)
# The modes of 赋权乡镇 at every township hall: 跨镇通办, 跨镇代办 and 跨镇导办 besides the window.
HALL_MODES = (
    HandlingMode.WINDOW,
    HandlingMode.CROSS_TOWNSHIP,
    HandlingMode.PROXY,
    HandlingMode.GUIDED,
)

Data = Mapping[str, Any]


class DemoDataError(Exception):
    """The demo data is malformed or would be refused by the admin."""


# ---------------------------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------------------------


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


def coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(COORDINATE_STEP)


def html_list(lines: Iterable[str]) -> str:
    """Rich text for a list of short items (conditions, legal basis)."""
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


# ---------------------------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------------------------


def upsert_region(source: Source, row: Data, level: str, parent: Region | None) -> Region:
    """Create or update one region by its division code."""
    label = f"region {row.get('code')} {row.get('name', '')}".strip()
    with item(source, label):
        check_keys(row, ("code", "name", "latitude", "longitude", "villages"), ("code", "name"))
        region = Region.objects.filter(code=row["code"]).first() or Region(code=row["code"])
        region.name = row["name"]
        region.level = level
        region.parent = parent
        region.latitude = coordinate(row["latitude"]) if "latitude" in row else None
        region.longitude = coordinate(row["longitude"]) if "longitude" in row else None
        validate(region)
        region.save()
    return region


def load_regions(source: Source) -> dict[str, Region]:
    """The county, its townships and villages, and partner regions elsewhere (跨省通办)."""
    county = upsert_region(source, section(source, "county"), Region.Level.COUNTY, None)
    regions = {county.code: county}
    for township_row in section(source, "townships"):
        township = upsert_region(source, township_row, Region.Level.TOWNSHIP, county)
        regions[township.code] = township
        for village_row in township_row.get("villages", []):
            village = upsert_region(source, village_row, Region.Level.VILLAGE, township)
            regions[village.code] = village
    for partner_row in source.data.get("partners", []):
        partner = upsert_region(source, partner_row, Region.Level.COUNTY, None)
        regions[partner.code] = partner
    return regions


# ---------------------------------------------------------------------------------------------
# Holidays and opening hours
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Service points
# ---------------------------------------------------------------------------------------------


@dataclass
class Network:
    """The service points by role, and which matters each village station handles by proxy."""

    source_name: str = ""
    points: dict[str, ServicePoint] = field(default_factory=dict)
    county_centre: ServicePoint | None = None
    halls: list[ServicePoint] = field(default_factory=list)
    stations: list[tuple[ServicePoint, str]] = field(default_factory=list)
    proxy_sets: dict[str, list[str]] = field(default_factory=dict)
    station_window: str = ""


POINT_KEYS = (
    "name",
    "kind",
    "region",
    "address",
    "latitude",
    "longitude",
    "phone",
    "accessibility",
    "transport",
    "schedule",
    "windows",
    "holidays",
    "proxy",
)


def build_windows(rows: list[Data]) -> list[Window]:
    windows = []
    for number, row in enumerate(rows):
        check_keys(row, ("number", "name", "description"), ("name",))
        windows.append(
            Window(
                name=row["name"],
                number=row.get("number", ""),
                description=row.get("description", ""),
                sort_order=number,
            )
        )
    return windows


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


def upsert_point(
    source: Source, row: Data, regions: Mapping[str, Region], calendar: Calendar
) -> ServicePoint:
    """Create or update one service point by name, replacing its windows and hours."""
    data = source.data
    with item(source, f"service point {row.get('name')}"):
        check_keys(row, POINT_KEYS, ("name", "kind", "region", "address", "schedule", "windows"))
        point = ServicePoint.objects.filter(name=row["name"]).first() or ServicePoint(
            name=row["name"]
        )
        point.kind = row["kind"]
        point.region = regions[row["region"]]
        point.address = row["address"]
        point.latitude = coordinate(row["latitude"])
        point.longitude = coordinate(row["longitude"])
        point.phone = row.get("phone", "")
        point.accessibility = row.get("accessibility", "").strip()
        point.transport = row.get("transport", "")
        windows = row["windows"]
        windows = build_windows(
            data["window_sets"][windows] if isinstance(windows, str) else windows
        )
        periods = build_periods(data["schedules"][row["schedule"]])
        holidays = row.get("holidays", True)
        exceptions = build_exceptions(periods, calendar) if holidays else []
        validate(point)
        validate_children(windows, "service_point")
        validate_children(periods, "service_point")
        validate_children(exceptions, "service_point")
        point.windows = windows
        point.opening_periods = periods
        point.opening_exceptions = exceptions
        point.save()
    return point


def load_service_points(
    source: Source, regions: Mapping[str, Region], calendar: Calendar
) -> Network:
    """Every service point, sorted into the roles the offers need."""
    with item(source, "proxy_sets, station_window and points"):
        network = Network(
            source_name=source.name,
            proxy_sets={name: list(codes) for name, codes in source.data["proxy_sets"].items()},
            station_window=source.data["station_window"],
        )
        rows = list(source.data["points"])
    for row in rows:
        point = upsert_point(source, row, regions, calendar)
        if point.name in network.points:
            raise fail(source, f"service point {point.name}", "listed twice")
        network.points[point.name] = point
        add_to_network(source, network, point, row)
    if network.county_centre is None:
        raise fail(source, "points", "no county centre")
    return network


def add_to_network(source: Source, network: Network, point: ServicePoint, row: Data) -> None:
    label = f"service point {point.name}"
    if point.kind == ServicePoint.Kind.COUNTY_CENTRE:
        if network.county_centre is not None:
            raise fail(source, label, "a second county centre")
        network.county_centre = point
    elif point.kind == ServicePoint.Kind.TOWNSHIP_HALL:
        network.halls.append(point)
    elif point.kind == ServicePoint.Kind.VILLAGE_STATION:
        proxy = row.get("proxy")
        if proxy not in network.proxy_sets:
            raise fail(source, label, f"proxy set {proxy!r} is not in [proxy_sets]")
        if network.station_window not in {w.name for w in point.windows.all()}:
            raise fail(source, label, f"has no window {network.station_window}")
        network.stations.append((point, proxy))


# ---------------------------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------------------------


def load_themes(source: Source) -> dict[str, Theme]:
    """Themes by slug, in the order of the data file."""
    themes = {}
    for order, row in enumerate(section(source, "themes")):
        with item(source, f"theme {row.get('slug')}"):
            check_keys(row, ("slug", "name", "audience", "description"), ("slug", "name"))
            theme = Theme.objects.filter(slug=row["slug"]).first() or Theme(slug=row["slug"])
            theme.name = row["name"]
            theme.audience = row.get("audience", "person")
            theme.description = row.get("description", "")
            theme.sort_order = order
            validate(theme)
            theme.save()
        themes[theme.slug] = theme
    return themes


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def publish(page: Page, parent: Page, source: Source, label: str) -> Page:
    """Validate a page, add it under ``parent`` if new, and publish a revision."""
    with item(source, label):
        is_new = page.pk is None
        page.full_clean(exclude=["path", "depth"] if is_new else None)
        if is_new:
            parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def set_fields(obj: models.Model, row: Data, names: Iterable[str]) -> None:
    for name in names:
        if name in row:
            setattr(obj, name, row[name])


def welcome_pages() -> list[Page]:
    """Wagtail's welcome page: the default site's root while it is a plain, childless Page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    page = site.root_page if site else None
    plain = ContentType.objects.get_for_model(Page)
    if page is None or page.content_type_id != plain.pk or page.numchild or page.depth != 2:
        return []
    return [page]


def ensure_root() -> Page:
    """The page tree's root, the root collection and the default content locale, which the
    migrations create and a flushed database (live-server tests) lacks."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def ensure_home(source: Source) -> HomePage:
    """The site's root page, replacing Wagtail's welcome page on the first run."""
    with item(source, "home"):
        row = source.data["home"]
        check_keys(row, ("slug", "title", "tagline", "intro", "seo_title", "search_description"))
    root = ensure_root()
    home = HomePage.objects.first()
    legacy = welcome_pages() if home is None else []
    for page in legacy:  # free its slug ("home") for the new home page
        page.slug = f"{page.slug}-{page.pk}-replaced"
        page.save()
    home = home or HomePage(slug=row["slug"])
    set_fields(home, row, ("title", "tagline", "intro", "seo_title", "search_description"))
    publish(home, root, source, "home page")
    point_default_site(source, home)
    for page in legacy:
        page.delete()
    return HomePage.objects.get(pk=home.pk)


def point_default_site(source: Source, home: HomePage) -> None:
    """The default site serves the home page at http://127.0.0.1:8000/."""
    with item(source, "site"):
        row = source.data["site"]
        check_keys(row, ("hostname", "port", "site_name"), ("hostname", "port", "site_name"))
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.root_page = home
        site.hostname = row["hostname"]
        site.port = row["port"]
        site.site_name = row["site_name"]
        validate(site)
        site.save()


def ensure_index(source: Source, key: str, model: type[Page], home: HomePage) -> Page:
    """The guide catalogue or the life-event index, directly under the home page."""
    with item(source, key):
        row = source.data[key]
        check_keys(row, ("slug", "title", "intro"), ("slug", "title"))
    page = model.objects.first() or model(slug=row["slug"])
    page.slug = row["slug"]
    set_fields(page, row, ("title", "intro"))
    publish(page, home, source, key)
    return model.objects.get(pk=page.pk)


def configure_county(source: Source, regions: Mapping[str, Region]) -> None:
    """The county-wide settings: which county, who runs the site, the hotline."""
    with item(source, "county_settings"):
        row = source.data["county_settings"]
        check_keys(row, ("county", "operator", "hotline", "footer_note"), ("county",))
        county_settings = CountySettings.load()
        county_settings.county = regions[row["county"]]
        set_fields(county_settings, row, ("operator", "hotline", "footer_note"))
        validate(county_settings)
        county_settings.save()


# ---------------------------------------------------------------------------------------------
# Guides
# ---------------------------------------------------------------------------------------------

GUIDE_KEYS = (
    "code",
    "title",
    "summary",
    "other_names",
    "matter_type",
    "implementing_body",
    "audience",
    "themes",
    "legal_basis",
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
    "channels",
    "last_verified",
    "where",
    "materials",
    "steps",
    "fees",
    "faqs",
    "local",
)
GUIDE_FIELDS = (
    "title",
    "summary",
    "matter_type",
    "implementing_body",
    "audience",
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
)
REQUIRED_GUIDE_KEYS = (
    "code",
    "title",
    "summary",
    "other_names",
    "matter_type",
    "implementing_body",
    "themes",
    "conditions",
    "case_type",
    "result",
    "consultation_phone",
    "last_verified",
    "materials",
    "steps",
)
MATERIAL_KEYS = (
    "name",
    "form",
    "medium",
    "copies",
    "requirement",
    "condition",
    "source",
    "issuer",
    "notes",
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


def build_material(row: Data, number: int) -> Material:
    """A material row; a material with a condition is conditional unless said otherwise."""
    check_keys(row, MATERIAL_KEYS, ("name", "form"))
    condition = row.get("condition", "")
    material = Material(
        name=row["name"],
        form=row["form"],
        medium=row.get("medium", Material.Medium.PAPER),
        copies=row.get("copies", 1),
        requirement=row.get(
            "requirement",
            Material.Requirement.CONDITIONAL if condition else Material.Requirement.REQUIRED,
        ),
        condition=condition,
        source=row.get("source", Material.Source.APPLICANT),
        issuer=row.get("issuer", ""),
        notes=row.get("notes", ""),
        sort_order=number,
    )
    if material.source == Material.Source.GOVERNMENT and not material.issuer:
        raise ValueError(f"material {material.name}: say which body issues it (issuer)")
    return material


def build_rows(model: type[models.Model], rows: list[Data], keys: tuple[str, ...]) -> list:
    """Simple ordered child rows (steps, fees, FAQs) from data rows with the given keys."""
    built = []
    for number, row in enumerate(rows):
        check_keys(row, keys, keys[:1])
        built.append(model(sort_order=number, **{key: row[key] for key in keys if key in row}))
    return built


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


def check_cross_row_rules(guide: Data, fees: list[FeeItem], specs: list[OfferSpec]) -> None:
    """The rules of ``guides.publishing`` (as on the admin form), then the demo data's own.

    Every demo guide is published, so the publish checks apply too. The demo-only rules concern
    the data file's shape: ``channels`` (online and mobile modes added to the offers) need an
    online address, and a free matter leaves ``fees`` out rather than listing none.
    """
    offers = [OfferRow(spec.point, spec.scope, bool(spec.partners)) for spec in specs]
    for problem in offer_problems(offers):
        raise ValueError(f"offer at {specs[problem.row].point}: {problem.message}")
    for message in fee_problems(not fees, len(fees)).values():
        raise ValueError(str(message))
    essentials = GuideEssentials(
        materials=len(guide["materials"]),
        no_materials=False,
        promised_days=guide.get("promised_days"),
        offers=len(specs),
        online_url=guide.get("online_url", ""),
        consultation_phone=guide.get("consultation_phone", ""),
    )
    for name, message in missing_for_publication(essentials).items():
        raise ValueError(f"{name}: {message}")
    channels = guide.get("channels", [])
    if set(channels) - set(REMOTE_MODES):
        raise ValueError("channels may only be online and mobile")
    if channels and not guide.get("online_url"):
        raise ValueError("an online or mobile channel needs online_url")
    if not fees and "fees" in guide:
        raise ValueError("an empty fee list: leave fees out for a free matter")


def guide_children(guide: Data, specs: list[OfferSpec]) -> dict[str, list]:
    """Every child row of one guide, validated."""
    materials = [build_material(row, n) for n, row in enumerate(guide["materials"])]
    steps = build_rows(ProcedureStep, guide["steps"], ("title", "description"))
    fees = build_rows(FeeItem, guide.get("fees", []), ("name", "amount", "basis"))
    faqs = build_rows(FrequentQuestion, guide.get("faqs", []), ("question", "answer"))
    check_cross_row_rules(guide, fees, specs)
    offers = [build_offer(spec, n) for n, spec in enumerate(specs)]
    for rows in (materials, steps, fees, faqs):
        validate_children(rows, "guide")
    if not materials or not steps:
        raise ValueError("a guide needs materials and procedure steps")
    return {
        "materials": materials,
        "steps": steps,
        "fee_items": fees,
        "faqs": faqs,
        "offers": offers,
    }


def fill_guide(page: GuidePage, guide: Data, themes: Mapping[str, Theme]) -> None:
    """Copy the guide's own fields from the data onto the page."""
    set_fields(page, guide, GUIDE_FIELDS)
    page.other_names = "\n".join(guide["other_names"])
    page.legal_basis = html_list(guide.get("legal_basis", []))
    page.conditions = html_list(guide["conditions"])
    page.is_free = not guide.get("fees")
    page.themes.set([themes[slug] for slug in guide["themes"]])


def attach_partners(page: GuidePage, specs: list[OfferSpec]) -> None:
    """Store the partner regions of the published offers.

    Offer is not a ClusterableModel, so its ParentalManyToManyField is neither kept in page
    revisions nor written by ``save()``; it is committed here, on the live rows.
    """
    partners = {spec.point.pk: spec.partners for spec in specs if spec.partners}
    for offer in Offer.objects.filter(guide=page, service_point_id__in=partners):
        offer.partner_regions.set(partners[offer.service_point_id])
        offer.partner_regions.commit()


def upsert_guide(
    source: Source,
    guide: Data,
    index: GuideIndexPage,
    network: Network,
    regions: Mapping[str, Region],
    themes: Mapping[str, Theme],
) -> GuidePage:
    """Create or update one guide page by its matter code and publish it."""
    label = f"guide {guide.get('code')} {guide.get('title', '')}".strip()
    with item(source, label):
        check_keys(guide, GUIDE_KEYS, REQUIRED_GUIDE_KEYS)
        page = GuidePage.objects.filter(code=guide["code"]).first() or GuidePage(code=guide["code"])
        fill_guide(page, guide, themes)
        specs = offer_specs(guide, network, regions)
        for relation, rows in guide_children(guide, specs).items():
            setattr(page, relation, rows)
    publish(page, index, source, label)
    attach_partners(page, specs)
    return page


def load_guides(
    sources: list[Source],
    index: GuideIndexPage,
    network: Network,
    regions: Mapping[str, Region],
    themes: Mapping[str, Theme],
) -> dict[str, GuidePage]:
    """Every guide of every guide file, by matter code."""
    guides: dict[str, GuidePage] = {}
    for source in sources:
        for guide in section(source, "guides"):
            if guide.get("code") in guides:
                raise fail(source, f"guide {guide['code']}", "matter code used twice")
            guides[guide["code"]] = upsert_guide(source, guide, index, network, regions, themes)
    check_proxy_sets(network, guides)
    return guides


def check_proxy_sets(network: Network, guides: Mapping[str, GuidePage]) -> None:
    for name, codes in network.proxy_sets.items():
        unknown = sorted(set(codes) - set(guides))
        if unknown:
            raise DemoDataError(
                f"{network.source_name}: proxy set {name}: no guide with code {', '.join(unknown)}"
            )


# ---------------------------------------------------------------------------------------------
# Life events
# ---------------------------------------------------------------------------------------------

EVENT_FIELDS = ("title", "summary", "description", "promised_days", "separate_days", "visits")
EVENT_KEYS = ("slug", *EVENT_FIELDS, "items")


def upsert_life_event(
    source: Source, row: Data, index: LifeEventIndexPage, guides: Mapping[str, GuidePage]
) -> LifeEventPage:
    """Create or update one life event by slug, linking existing guides."""
    label = f"life event {row.get('slug')} {row.get('title', '')}".strip()
    with item(source, label):
        check_keys(row, EVENT_KEYS, ("slug", "title", "summary", "items"))
        page = LifeEventPage.objects.child_of(index).filter(slug=row["slug"]).first()
        page = page or LifeEventPage(slug=row["slug"])
        set_fields(page, row, EVENT_FIELDS)
        items = []
        for number, entry in enumerate(row["items"]):
            check_keys(entry, ("guide", "note"), ("guide",))
            items.append(LifeEventItem(guide=guides[entry["guide"]], note=entry.get("note", "")))
            items[-1].sort_order = number
        if not items:
            raise ValueError("a life event bundles at least one matter")
        validate_children(items, "life_event")
        page.items = items
    publish(page, index, source, label)
    return page


def load_life_events(
    source: Source, index: LifeEventIndexPage, guides: Mapping[str, GuidePage]
) -> list[LifeEventPage]:
    rows = section(source, "life_events")
    return [upsert_life_event(source, row, index, guides) for row in rows]


# ---------------------------------------------------------------------------------------------
# The whole load
# ---------------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    """What the demo county holds, for the summary and for comparing runs."""
    tracked: dict[str, models.QuerySet] = {
        "regions": Region.objects.all(),
        "service points": ServicePoint.objects.all(),
        "windows": Window.objects.all(),
        "opening periods": OpeningPeriod.objects.all(),
        "holiday exceptions": OpeningException.objects.all(),
        "themes": Theme.objects.all(),
        "guides": GuidePage.objects.live(),
        "materials": Material.objects.all(),
        "offers": Offer.objects.all(),
        "life events": LifeEventPage.objects.live(),
    }
    return {name: queryset.count() for name, queryset in tracked.items()}


def guide_sources(data_dir: Path) -> list[Source]:
    paths = sorted((data_dir / "guides").glob("*.toml"))
    if not paths:
        raise DemoDataError(f"no guide files in {data_dir / 'guides'}")
    return [read(path) for path in paths]


@transaction.atomic
def load_demo(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load (or refresh) the whole demo county in one transaction; return the counts."""
    site = read(data_dir / "site.toml")
    regions = load_regions(read(data_dir / "regions.toml"))
    calendar = load_calendar(read(data_dir / "holidays.toml"))
    network = load_service_points(read(data_dir / "service_points.toml"), regions, calendar)
    themes = load_themes(read(data_dir / "themes.toml"))
    home = ensure_home(site)
    guide_index = ensure_index(site, "guide_index", GuideIndexPage, home)
    life_index = ensure_index(site, "life_event_index", LifeEventIndexPage, home)
    guides = load_guides(guide_sources(data_dir), guide_index, network, regions, themes)
    load_life_events(read(data_dir / "life_events.toml"), life_index, guides)
    configure_county(site, regions)
    loaded = counts()
    demo_loaded.send(sender=load_demo, counts=loaded)
    return loaded
