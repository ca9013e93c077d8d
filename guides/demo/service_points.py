"""The service points (便民服务中心, 站, self-service areas) with their windows and hours, sorted
into the roles the offers need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from guides.demo.hours import Calendar, build_exceptions, build_periods
from guides.demo.reading import (
    Data,
    Source,
    check_keys,
    coordinate,
    fail,
    item,
    validate,
    validate_children,
)
from guides.models import Region, ServicePoint, Window


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


def upsert_point(
    source: Source,
    row: Data,
    regions: Mapping[str, Region],
    calendar: Calendar,
    reset: bool = False,
) -> ServicePoint:
    """Create one service point by name with its windows and hours; an existing one is kept as
    it is, unless ``reset`` brings it, its windows and hours back to the data."""
    data = source.data
    with item(source, f"service point {row.get('name')}"):
        check_keys(row, POINT_KEYS, ("name", "kind", "region", "address", "schedule", "windows"))
        point = ServicePoint.objects.filter(name=row["name"]).first()
        if point is not None and not reset:
            return point
        point = point or ServicePoint(name=row["name"])
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
    source: Source, regions: Mapping[str, Region], calendar: Calendar, reset: bool = False
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
        point = upsert_point(source, row, regions, calendar, reset)
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
