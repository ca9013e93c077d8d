"""Template tags for the search box on every page and the places list of a guide."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from guides.models import GuidePage
from guides.places import Place, places_for
from search import public
from search.forms import LocationForm
from search.location import Location

register = template.Library()


@register.simple_tag
def townships():
    """Townships and their villages, for the location picker."""
    return public.townships()


@dataclass
class Where:
    places: list[Place]
    location: Location | None
    picked: str
    errors: list[str]


@register.simple_tag
def where_to_go(page: GuidePage, request) -> Where:
    """The places that handle ``page`` for the citizen of ``?township=`` or ``?lat=&lon=``,
    nearest first; every offering place when no location is given."""
    form = LocationForm(request.GET)
    location = form.location if form.is_valid() else None
    errors = [e for errs in form.errors.values() for e in errs] if form.is_bound else []
    found = places_for(
        page,
        township=location.township if location else None,
        origin=location.origin if location else None,
    )
    return Where(found, location, request.GET.get("township", ""), errors)
