from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from notices.answers import sign_payload
from notices.richtext import clean_rich_text

register = template.Library()


@register.filter
def print_richtext(value) -> SafeString:
    """A guide's rich text, cleaned for print (see ``notices.richtext``)."""
    return mark_safe(clean_rich_text(str(value or "")))


@register.simple_tag
def signed_notice_url(guide, township: str = "", point=None, answers=None) -> str:
    """The self check's answers as a link to the personalised form, for its result page:
    ``{% signed_notice_url guide township_code point.pk answers %}``. Without a point, the link
    first lists the places to choose from."""
    payload = {"township": township or None, "answers": answers}
    if point:
        payload["point"] = point
    return f"{reverse('notice_pdf', args=[guide.slug])}?s={sign_payload(payload)}"
