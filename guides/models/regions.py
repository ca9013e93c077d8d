"""Administrative regions: county → township → village or community."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from guides.models.service_points import ServicePoint
from guides.validators import division_code_validator, latitude_validators, longitude_validators


class Region(index.Indexed, models.Model):
    """A county, township (镇/乡) or village/community (村/社区) with its 行政区划代码."""

    class Level(models.TextChoices):
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")
        VILLAGE = "village", _("Village or community")

    # A region's parent is always exactly one level up.
    PARENT_LEVEL = {Level.TOWNSHIP: Level.COUNTY, Level.VILLAGE: Level.TOWNSHIP}
    # Digits of the 12-digit code a child shares with its parent (county 6, township 9).
    SHARED_PREFIX = {Level.TOWNSHIP: 6, Level.VILLAGE: 9}

    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[division_code_validator],
        help_text=_("The 12-digit administrative division code, e.g. 469034108000."),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=latitude_validators,
        help_text=_("Where the township or village government sits; used when a citizen picks it."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=longitude_validators,
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        # The public search finds a citizen's township among the townships (a few hundred of
        # a province's tens of thousands of regions) on every query that comes with a position.
        indexes = [models.Index(fields=["level"], name="guides_region_level")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.level != self.Level.COUNTY:
            # A township or village may have moved: its service points (and its villages')
            # keep their township and county.
            points = list(
                ServicePoint.objects.filter(
                    models.Q(region=self) | models.Q(region__parent=self)
                ).select_related("region__parent__parent")
            )
            for point in points:
                point.follow_region()
            ServicePoint.objects.bulk_update(points, ["township", "county"])

    def clean(self) -> None:
        super().clean()
        expected_parent = self.PARENT_LEVEL.get(self.level)
        if expected_parent is None:
            # A county may stand alone: partner regions of 跨省通办 belong to other provinces.
            if self.parent_id:
                raise ValidationError({"parent": _("A county has no parent region here.")})
            return
        if self.parent is None:
            raise ValidationError(
                {
                    "parent": _("Choose the %(level)s this region belongs to.")
                    % {"level": self.Level(expected_parent).label}
                }
            )
        if self.parent.level != expected_parent:
            raise ValidationError(
                {
                    "parent": _("The parent of a %(level)s must be a %(parent)s.")
                    % {
                        "level": self.get_level_display(),
                        "parent": self.Level(expected_parent).label,
                    }
                }
            )
        shared = self.SHARED_PREFIX[self.level]
        if self.code and self.code[:shared] != self.parent.code[:shared]:
            raise ValidationError(
                {
                    "code": _(
                        "The code must start with %(prefix)s, the first %(n)d digits of %(parent)s."
                    )
                    % {"n": shared, "parent": self.parent.name, "prefix": self.parent.code[:shared]}
                }
            )

    @property
    def township(self) -> Region | None:
        """The township this region is, or lies in; None for a county."""
        if self.level == self.Level.TOWNSHIP:
            return self
        if self.level == self.Level.VILLAGE:
            return self.parent
        return None

    @property
    def county(self) -> Region:
        region = self
        while region.parent_id is not None:
            region = region.parent
        return region
