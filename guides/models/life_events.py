"""Life events (一件事): bundles of matters around one event in a citizen's life."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page


class LifeEventIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["guides.LifeEventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("life events")


class LifeEventPage(Page):
    """e.g. 出生一件事: one application covers the birth certificate, hukou, insurance …"""

    summary = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("how it works"), blank=True)
    promised_days = models.PositiveSmallIntegerField(
        _("promised time for the whole bundle (working days)"), null=True, blank=True
    )
    separate_days = models.PositiveSmallIntegerField(
        _("time when applied for separately (working days)"), null=True, blank=True
    )
    visits = models.PositiveSmallIntegerField(_("visits needed"), default=1)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("promised_days"), FieldPanel("separate_days"), FieldPanel("visits")]
        ),
        InlinePanel("items", heading=_("Matters"), min_num=1),
    ]
    parent_page_types = ["guides.LifeEventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def guides(self):
        return [
            item.guide.specific for item in self.items.select_related("guide") if item.guide.live
        ]


class LifeEventItem(Orderable):
    life_event = ParentalKey(LifeEventPage, on_delete=models.CASCADE, related_name="items")
    guide = models.ForeignKey(
        "guides.GuidePage", verbose_name=_("guide"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [PageChooserPanel("guide", "guides.GuidePage"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("matter in this life event")
        verbose_name_plural = _("matters in this life event")
