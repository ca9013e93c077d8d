"""The self check (自助预审): can I apply, where, what exactly to bring, how long.

``run_precheck`` is the one function behind the guide page's self check, the precheck API and the
personalised one-time notification form (一次性告知单), so the three always say the same thing.
This module holds the baseline a guide alone gives (its materials, time limit and the eligible
places); the township plugins enabled for the applicant's township refine it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guides.models import GuidePage, Material, Region, ServicePoint
from guides.places import Place, places_for


class MaterialStatus:
    REQUIRED = "required"
    WAIVED = "waived"
    DEFERRABLE = "deferrable"
    COMMITMENT = "commitment"
    EXTRA = "extra"


@dataclass
class MaterialLine:
    """One material as the applicant must handle it, and why."""

    name: str
    status: str = MaterialStatus.REQUIRED
    note: str = ""
    material: Material | None = None  # None for extra materials a rule or offer adds


@dataclass
class PrecheckResult:
    eligible: bool
    reasons: list[str]
    places: list[Place]
    materials: list[MaterialLine]
    immediate: bool
    time_limit_days: int | None
    fields: list[dict[str, Any]] = field(default_factory=list)


def baseline_materials(guide: GuidePage) -> list[MaterialLine]:
    """The guide's own materials; conditional ones carry their condition as the note."""
    return [
        MaterialLine(
            name=material.name,
            note=material.condition if material.requirement == "conditional" else material.notes,
            material=material,
        )
        for material in guide.materials.all()
    ]


def run_precheck(
    guide: GuidePage,
    *,
    township: Region | None,
    point: ServicePoint | None = None,
    answers: dict[str, Any] | None = None,
) -> PrecheckResult:
    """What the guide says for a resident of ``township`` (at ``point``, if chosen)."""
    places = places_for(guide, township=township)
    if point is not None:
        places = [place for place in places if place.point.pk == point.pk]
    return PrecheckResult(
        eligible=bool(places) or bool(guide.online_url),
        reasons=[],
        places=places,
        materials=baseline_materials(guide),
        immediate=guide.is_immediate,
        time_limit_days=guide.promised_days,
    )
