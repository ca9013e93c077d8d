"""Offers (实施清单): which service point handles a matter, how, and for whose residents."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from guides.fields import ChoiceListField
from guides.serializers import RegionSerializer, ServicePointSerializer


class HandlingMode(models.TextChoices):
    """The ways a matter can be handled (办理模式)."""

    WINDOW = "window", _("At the window")  # 窗口办理
    CROSS_TOWNSHIP = "cross_township", _("Cross-township")  # 跨镇通办
    PROXY = "proxy", _("By proxy")  # 代办
    GUIDED = "guided", _("Guided")  # 导办
    HOME_VISIT = "home_visit", _("Staff come to you")  # 上门代办
    SELF_SERVICE = "self_service", _("Self-service machine")  # 自助
    ONLINE = "online", _("Fully online")  # 全程网办
    MOBILE = "mobile", _("On the phone")  # 掌上办


class Scope(models.TextChoices):
    """Whose residents a service point may handle the matter for."""

    TOWNSHIP = "township", _("Residents of this township only")
    COUNTY = "county", _("Residents of every township of the county")
    PARTNERS = "partners", _("Residents of this township and of the listed partner regions")


class Offer(Orderable):
    """One line of the implementation list: guide × service point."""

    guide = ParentalKey("guides.GuidePage", on_delete=models.CASCADE, related_name="offers")
    service_point = models.ForeignKey(
        "guides.ServicePoint",
        verbose_name=_("service point"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    modes = ChoiceListField(_("handling modes"), base_choices=HandlingMode.choices)
    scope = models.CharField(
        _("residents served"), max_length=10, choices=Scope.choices, default=Scope.COUNTY
    )
    partner_regions = ParentalManyToManyField(
        "guides.Region",
        verbose_name=_("partner regions"),
        blank=True,
        related_name="partner_offers",
        help_text=_(
            "For 跨镇通办 or 跨省通办 with named partners: whose residents are also served."
        ),
    )
    window = models.CharField(
        _("window"), max_length=60, blank=True, help_text=_("One of the service point's windows.")
    )
    local_notes = models.TextField(_("local notes"), blank=True)
    local_extra_materials = models.TextField(
        _("extra materials here"), blank=True, help_text=_("One material per line.")
    )
    local_promised_days = models.PositiveSmallIntegerField(
        _("promised time limit here (working days)"),
        null=True,
        blank=True,
        help_text=_("Only if it differs from the guide's promised time limit."),
    )

    panels = [
        FieldRowPanel([FieldPanel("service_point"), FieldPanel("window")]),
        FieldPanel("modes"),
        FieldRowPanel([FieldPanel("scope"), FieldPanel("partner_regions")]),
        FieldPanel("local_promised_days"),
        FieldPanel("local_extra_materials"),
        FieldPanel("local_notes"),
    ]

    api_fields = [
        APIField("service_point", serializer=ServicePointSerializer()),
        APIField("modes"),
        APIField("scope"),
        APIField("partner_regions", serializer=RegionSerializer(many=True)),
        APIField("window"),
        APIField("local_notes"),
        APIField("extra_material_list"),
        APIField("promised_days"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("where to handle it")

    def __str__(self) -> str:
        return f"{self.guide} @ {self.service_point}"

    def clean(self) -> None:
        super().clean()
        if self.window and self.service_point_id:
            names = {w.name for w in self.service_point.windows.all()}
            if self.window not in names:
                raise ValidationError(
                    {
                        "window": _(
                            "%(point)s has no window called “%(window)s”. Its windows: %(names)s"
                        )
                        % {
                            "point": self.service_point,
                            "window": self.window,
                            "names": "、".join(sorted(names)) or "—",
                        }
                    }
                )

    @property
    def extra_material_list(self) -> list[str]:
        return [line.strip() for line in self.local_extra_materials.splitlines() if line.strip()]

    @property
    def promised_days(self) -> int | None:
        if self.local_promised_days is not None:
            return self.local_promised_days
        return self.guide.promised_days

    def get_modes_display(self) -> list[str]:
        return [HandlingMode(mode).label for mode in self.modes]

    def serves(self, township) -> bool:
        """Whether this point may handle the matter for a resident of ``township``."""
        point = self.service_point
        home = (point.township_id, point.county_id)
        partners = (
            {region.pk for region in self.partner_regions.all()}
            if self.scope == Scope.PARTNERS
            else set()
        )
        return scope_admits(self.scope, home, partners, (township.pk, township.parent_id))


def scope_admits(
    scope: str,
    home: tuple[int | None, int],
    partners: Collection[int],
    resident: tuple[int, int],
) -> bool:
    """The rule behind ``Offer.serves``, on region ids so that a page of search results can
    apply it to plain database rows: whether an offer of ``scope`` at a point whose (township,
    county) is ``home`` (no township for a county-level point) may handle the matter for a
    resident of (township, county) ``resident``."""
    point_township, point_county = home
    township, county = resident
    # Its own residents: the township's, or the whole county's for a county-level point.
    if township == point_township or (point_township is None and county == point_county):
        return True
    if scope == Scope.COUNTY:
        return county == point_county
    if scope == Scope.PARTNERS:
        return township in partners or county in partners
    return False
