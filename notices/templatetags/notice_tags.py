from django import template
from django.utils.safestring import SafeString, mark_safe

from notices.richtext import clean_rich_text

register = template.Library()


@register.filter
def print_richtext(value) -> SafeString:
    """A guide's rich text, cleaned for print (see ``notices.richtext``)."""
    return mark_safe(clean_rich_text(str(value or "")))
