"""Service points: the halls, stations and kiosks where matters are handled, and their hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from guides.validators import latitude_validators, longitude_validators, phone_validator

MIDNIGHT = dt.time(0, 0)


def day_periods(exceptions: Sequence, weekly: Iterable) -> list[tuple[dt.time, dt.time]]:
    """A day's opening periods: its exceptions (rows with ``closed``, ``opens`` and
    ``closes``) if it has any, else its weekly periods (rows with ``opens`` and ``closes``).

    A period closing at 00:00 runs to the end of the day.
    """
    if exceptions:
        if any(e.closed for e in exceptions):
            return []
        weekly = exceptions
    return sorted((row.opens, row.closes) for row in weekly)


def open_during(periods: Iterable[tuple[dt.time, dt.time]], now: dt.time) -> bool:
    """Whether ``now`` falls in one of a day's ``periods``."""
    return any(opens <= now and (closes == MIDNIGHT or now < closes) for opens, closes in periods)


class ServicePoint(index.Indexed, ClusterableModel):
    """Where citizens handle matters: 政务服务中心, 便民服务中心, 便民服务站 or 自助区."""

    class Kind(models.TextChoices):
        COUNTY_CENTRE = "county_centre", _("County government service centre")
        TOWNSHIP_HALL = "township_hall", _("Township service hall")
        VILLAGE_STATION = "village_station", _("Village or community service station")
        SELF_SERVICE = "self_service", _("24-hour self-service area")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "guides.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="service_points",
        help_text=_("The county, township or village the point belongs to."),
    )
    # Whose residents are the point's own, kept with the point because every located search
    # weighs hundreds of points: looking each region up (and its parent) took most of the time
    # of finding the nearest place. Derived from ``region`` on save (``follow_region``).
    township = models.ForeignKey(
        "guides.Region",
        verbose_name=_("township"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("None for a county-level point."),
    )
    county = models.ForeignKey(
        "guides.Region",
        verbose_name=_("county"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=longitude_validators
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, accessible toilet, reading glasses, sign language …"),
    )
    transport = models.CharField(_("how to get there"), max_length=200, blank=True)
    letterhead = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("letterhead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed at the top of the hall's forms (一次性告知单)."),
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional image of the hall's seal, printed beside the staff signature."),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address"),
        index.FilterField("kind"),
        index.FilterField("region_id"),
    ]

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["region__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service_point_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        expected_level = {
            self.Kind.COUNTY_CENTRE: "county",
            self.Kind.TOWNSHIP_HALL: "township",
            self.Kind.VILLAGE_STATION: "village",
        }.get(self.kind)
        if expected_level and self.region_id and self.region.level != expected_level:
            raise ValidationError(
                {
                    "region": _("A %(kind)s belongs to a region of level “%(level)s”.")
                    % {
                        "kind": self.get_kind_display(),
                        "level": self.region.Level(expected_level).label,
                    }
                }
            )

    def save(self, *args, **kwargs) -> None:
        self.follow_region()
        if kwargs.get("update_fields") is not None and "region" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "township", "county"}
        super().save(*args, **kwargs)

    def follow_region(self) -> None:
        """Sets ``township`` and ``county`` from ``region``: for code that writes points
        without ``save`` (bulk loads), and for a region that moved."""
        self.township = self.region.township
        self.county = self.region.county

    def periods_on(self, day: dt.date) -> list[tuple[dt.time, dt.time]]:
        """Opening periods on a date (``day_periods``). Works on prefetched rows."""
        return day_periods(
            [e for e in self.opening_exceptions.all() if e.date == day],
            [p for p in self.opening_periods.all() if p.weekday == day.weekday()],
        )

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment)
        return open_during(self.periods_on(local.date()), local.time())

    def is_open_now(self) -> bool:
        return self.is_open_at(timezone.now())

    def week_hours(self) -> list[tuple[int, list[tuple[dt.time, dt.time]]]]:
        """The regular weekly hours as (weekday, periods), Monday first."""
        by_day: dict[int, list[tuple[dt.time, dt.time]]] = {day: [] for day in range(7)}
        for period in self.opening_periods.all():
            by_day[period.weekday].append((period.opens, period.closes))
        return [(day, sorted(periods)) for day, periods in by_day.items()]

    def upcoming_exceptions(self, days: int = 60) -> list[OpeningException]:
        today = timezone.localdate()
        until = today + dt.timedelta(days=days)
        return sorted(
            (e for e in self.opening_exceptions.all() if today <= e.date <= until),
            key=lambda e: (e.date, e.opens or MIDNIGHT),
        )


class Window(Orderable):
    """A window (窗口) of a service point, e.g. 综合受理窗口 or 跨镇通办窗口."""

    service_point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="windows")
    name = models.CharField(_("window"), max_length=60)
    number = models.CharField(_("number"), max_length=10, blank=True, help_text=_("e.g. 3号"))
    description = models.CharField(_("what it handles"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("window")
        verbose_name_plural = _("windows")

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


def validate_period(opens: dt.time | None, closes: dt.time | None) -> None:
    """Refuse a period that closes before it opens; 00:00 as closing time means midnight."""
    if opens is None or closes is None:
        return
    if closes != MIDNIGHT and closes <= opens:
        raise ValidationError(
            {
                "closes": _(
                    "The closing time must be after the opening time (use 00:00 for midnight)."
                )
            }
        )


class OpeningPeriod(Orderable):
    """One period of the weekly hours; a day may have several (morning and afternoon)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    service_point = ParentalKey(
        ServicePoint, on_delete=models.CASCADE, related_name="opening_periods"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))

    class Meta(Orderable.Meta):
        verbose_name = _("opening period")
        verbose_name_plural = _("opening hours")

    def clean(self) -> None:
        super().clean()
        validate_period(self.opens, self.closes)


class OpeningException(Orderable):
    """A dated change to the weekly hours: a holiday closure or a special opening (e.g. 调休)."""

    service_point = ParentalKey(
        ServicePoint, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=60, help_text=_("e.g. 国庆节 or 调休上班"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("holidays and special openings")

    def clean(self) -> None:
        super().clean()
        if self.closed:
            if self.opens or self.closes:
                raise ValidationError(
                    {"closed": _("A day closed all day has no opening and closing times.")}
                )
            return
        missing = {
            name: _("Give the time, or tick “closed all day”.")
            for name in ("opens", "closes")
            if getattr(self, name) is None
        }
        if missing:
            raise ValidationError(missing)
        validate_period(self.opens, self.closes)
