"""A township's section of the guide catalogue: the subtree its editors may change.

Local guides (matters a township implements on its own) live under their township's section, so
Wagtail's group page permissions on the section give that township's editors their guides and no
others. The section is a folder of the admin, not a public page: its guides keep their address
``/guides/<code>/`` (see ``GuidePage.set_url_path`` and ``GuideIndexPage.route``).
"""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class TownshipSection(Page):
    township = models.OneToOneField(
        "guides.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="guide_section",
        limit_choices_to={"level": "township"},
    )

    content_panels = [*Page.content_panels, "township"]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = _("township section")
        verbose_name_plural = _("township sections")

    def route(self, request, path_components):
        # Only reached for the section's own address; its guides are routed by the catalogue.
        raise Http404

    @classmethod
    def slug_for(cls, township) -> str:
        # The catalogue routes guides before sections, so this can never hide a guide.
        return f"township-{township.code}"
