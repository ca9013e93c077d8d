"""Template tags for the search box on every page."""

from __future__ import annotations

from django import template

from search import public

register = template.Library()


@register.simple_tag
def townships():
    """Townships and their villages, for the location picker."""
    return public.townships()
