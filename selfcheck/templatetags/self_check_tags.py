"""Template tags of the self check: the place picker, and the decision the guide page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from guides.models import GuidePage, Region
from search.forms import location_form
from search.location import Location
from selfcheck.precheck import PrecheckResult, run_precheck

register = template.Library()

# Without a location, the guide page asks for one before listing more places than this.
FEW_PLACES = 3


@register.simple_tag
def self_check_townships():
    """Townships and their villages, for the self check's place picker."""
    return Region.objects.exclude(level=Region.Level.COUNTY).filter(parent__isnull=False)


@dataclass
class GuideDecision:
    """What the guide page shows: the decision for the citizen's location (from the link or the
    remembered cookie), or for nobody in particular."""

    result: PrecheckResult
    location: Location | None
    picked: str
    errors: list[str]

    @property
    def ask_first(self) -> bool:
        """No location yet and more places than a phone screen shows: ask where they live."""
        return self.location is None and len(self.result.places) > FEW_PLACES


@register.simple_tag
def guide_decision(page: GuidePage, request) -> GuideDecision:
    form = location_form(request)
    location = form.location if form.is_valid() else None
    errors = [error for errors in form.errors.values() for error in errors]
    result = run_precheck(
        page,
        township=location.township if location else None,
        origin=location.origin if location else None,
    )
    picked = location.picked.code if location and location.picked else ""
    return GuideDecision(result, location, picked, errors)
