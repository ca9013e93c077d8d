"""Where the citizen is: a township or village they picked, or a point from their phone."""

from __future__ import annotations

from dataclasses import dataclass

from guides.models import Region
from guides.places import origin_of, township_at


@dataclass(frozen=True)
class Location:
    township: Region | None  # whose resident the citizen is (a village stands for its township)
    origin: tuple[float, float] | None  # where distances are measured from

    @property
    def label(self) -> str:
        return self.township.name if self.township else ""


def locate(*, region: Region | None, lat: float | None, lon: float | None) -> Location | None:
    """A picked region wins for eligibility; a point, when given, for distances."""
    point = (lat, lon) if lat is not None and lon is not None else None
    if region is None and point is None:
        return None
    if region is None:
        region = township_at(*point)
    return Location(township=region, origin=point or origin_of(region))
