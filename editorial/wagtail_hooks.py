"""The editors' dashboard: guides to check, per township."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from editorial.freshness import freshness_days, freshness_report
from guides.rules import is_county_admin, is_staff_member, is_township_staff, township_of


class FreshnessPanel(Component):
    name = "guide_freshness"
    order = 150
    template_name = "editorial/freshness_panel.html"

    def __init__(self, township=None):
        self.township = township

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["report"] = freshness_report(self.township)
        context["days"] = freshness_days()
        context["title"] = _("Guides to check")
        return context


@hooks.register("construct_homepage_panels")
def add_freshness_panel(request, panels):
    user = request.user
    if not is_staff_member(user):
        return
    own = township_of(user) if is_township_staff(user) and not is_county_admin(user) else None
    panels.append(FreshnessPanel(own))
