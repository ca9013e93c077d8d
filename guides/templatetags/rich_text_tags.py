"""``shown_rich_text``: the last step of Wagtail's ``richtext`` filter (see guides.rich_text)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from guides.rich_text import clean_shown

register = template.Library()


@register.filter
def shown_rich_text(html: str) -> SafeString:
    return mark_safe(clean_shown(str(html)))  # cleaned by the allow-list
