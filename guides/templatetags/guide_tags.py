"""Template helpers for the public site: opening hours, phone links and query-light row lists.

The row helpers call ``.all()`` on a guide's child relations before adding ``select_related`` /
``prefetch_related``: on a saved page that is a real query; in a Wagtail preview it is the
in-memory list of unsaved rows (modelcluster's FakeQuerySet, where both are no-ops), so previews
show what the editor typed.
"""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from guides.models import Theme
from guides.models.service_points import MIDNIGHT
from guides.places import distance_text

register = template.Library()

WEEKDAYS = [
    pgettext_lazy("short weekday", "Mon"),
    pgettext_lazy("short weekday", "Tue"),
    pgettext_lazy("short weekday", "Wed"),
    pgettext_lazy("short weekday", "Thu"),
    pgettext_lazy("short weekday", "Fri"),
    pgettext_lazy("short weekday", "Sat"),
    pgettext_lazy("short weekday", "Sun"),
]


# Opening hours ---------------------------------------------------------------------------------


@register.filter
def weekday_name(value) -> str:
    """0 → 周一 … 6 → 周日; a date gives its own weekday."""
    if isinstance(value, dt.date):
        value = value.weekday()
    try:
        return str(WEEKDAYS[int(value)])
    except (TypeError, ValueError, IndexError):
        return ""


@register.filter
def clock(value: dt.time | None, closing: str = "") -> str:
    """A time as HH:MM; a closing time of 00:00 (``|clock:"closes"``) is midnight, shown 24:00."""
    if value is None:
        return ""
    if closing and value == MIDNIGHT:
        return "24:00"
    return value.strftime("%H:%M")


def is_all_day(periods) -> bool:
    return any(opens == MIDNIGHT and closes == MIDNIGHT for opens, closes in periods)


def period_strings(periods) -> list[str]:
    """[(08:00, 12:00), (14:30, 17:30)] → ["08:00–12:00", "14:30–17:30"]; none → ["休息"]."""
    periods = list(periods or [])
    if not periods:
        return [_("Closed")]
    if is_all_day(periods):
        return [_("Open 24 hours")]
    return [f"{clock(opens)}–{clock(closes, 'closes')}" for opens, closes in periods]


@register.filter
def periods_text(periods) -> str:
    """[(08:00, 12:00), (14:30, 17:30)] → "08:00–12:00、14:30–17:30"; none → 休息."""
    return "、".join(period_strings(periods))


@register.simple_tag
def week_hours_rows(point) -> list[dict]:
    """The weekly hours of a point, Monday first, each day marked if it is today."""
    today = timezone.localdate().weekday()
    return [
        {
            "weekday": day,
            "name": weekday_name(day),
            "text": periods_text(periods),
            "periods": period_strings(periods),
            "closed": not periods,
            "today": day == today,
        }
        for day, periods in point.week_hours()
    ]


@register.filter
def always_open(point) -> bool:
    """Open around the clock every day of the week (a 24-hour self-service area)."""
    return all(is_all_day(periods) for _day, periods in point.week_hours())


@register.simple_tag
def hours_today(point) -> str:
    """Today's opening periods, reckoned with exceptions (holidays, special openings)."""
    return periods_text(point.periods_on(timezone.localdate()))


@register.filter
def exception_text(row) -> str:
    if row.closed:
        return _("Closed all day")
    return periods_text([(row.opens, row.closes)])


@register.filter
def distance(metres: int | None) -> str:
    """Metres as every page says a distance: "850 米", "约 3.1 公里" (``guides.places``)."""
    return distance_text(metres)


# Phones and links ------------------------------------------------------------------------------


@register.filter
def tel_href(phone: str) -> str:
    """ "0898-8331 2345" → "tel:089883312345" (keeps a leading + and an extension's comma)."""
    phone = (phone or "").strip()
    digits = re.sub(r"[^\d+,]", "", phone.replace("转", ","))
    return f"tel:{digits}" if digits else ""


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value or "").startswith(prefix)


# Rows with what the templates read from them ----------------------------------------------------


@register.simple_tag
def life_event_items(page):
    """The matters of a life event in order, with their guides."""
    return page.items.all().select_related("guide")


@register.simple_tag
def all_themes():
    return Theme.objects.all()
