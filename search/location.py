"""Where the citizen is: a township or village they picked, or a point from their phone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from guides.models import Region
from guides.places import origin_of, township_at


@dataclass(frozen=True)
class Location:
    origin: tuple[float, float] | None  # where distances are measured from
    picked: Region | None = None  # the township or village the citizen chose, if they did

    @cached_property
    def township(self) -> Region | None:
        """Whose resident the citizen is: what they picked (a village stands for its township),
        else the township whose seat is nearest to their position. Looked up when first asked,
        so that the public search can do it while Elasticsearch works on the query."""
        if self.picked is not None:
            return self.picked
        return township_at(*self.origin) if self.origin else None

    @property
    def label(self) -> str:
        return self.township.name if self.township else ""


def locate(*, region: Region | None, lat: float | None, lon: float | None) -> Location | None:
    """A picked region wins for eligibility; a point, when given, for distances."""
    point = (lat, lon) if lat is not None and lon is not None else None
    if region is None and point is None:
        return None
    return Location(origin=point or origin_of(region), picked=region)


def named(location: Location | None, region: Region) -> Location:
    """Where the citizen is when their question names ``region`` (我在光坡镇…): it decides
    eligibility as picking it from the list would; a phone's position, when that was all they
    gave, still measures distances."""
    phone = location.origin if location and location.picked is None else None
    return Location(origin=phone or origin_of(region), picked=region)
