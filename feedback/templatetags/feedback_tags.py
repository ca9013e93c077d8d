"""What the rating form lists: the five levels, the tags, the points that handle the matter."""

from __future__ import annotations

from django import template

from feedback.models import Level, Tag
from guides.models import GuidePage, ServicePoint

register = template.Library()


@register.simple_tag
def rating_levels() -> list[tuple[int, str]]:
    """Best first, as the national 好差评 form shows them."""
    return list(reversed(Level.choices))


@register.simple_tag
def rating_tags() -> list[tuple[str, str]]:
    return Tag.choices


@register.simple_tag
def points_of(guide: GuidePage) -> list[ServicePoint]:
    return list(ServicePoint.objects.filter(offers__guide=guide).order_by("kind", "name"))
