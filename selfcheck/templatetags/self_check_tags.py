from django import template

from guides.models import Region

register = template.Library()


@register.simple_tag
def self_check_townships():
    """Townships and their villages, for the self check's place picker."""
    return Region.objects.exclude(level=Region.Level.COUNTY).filter(parent__isnull=False)
