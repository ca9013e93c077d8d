"""The editors' dashboard (guides to check, per township) and the staff roles."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from editorial.freshness import freshness_days, freshness_report
from guides.models import GuidePage, StaffProfile
from guides.publishing import GuideEssentials, missing_for_publication
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


class StaffProfileViewSet(ModelViewSet):
    """Each staff user's role (and township or hall); saving it sets the user's groups."""

    model = StaffProfile
    icon = "group"
    menu_label = _("Staff roles")
    add_to_settings_menu = True
    list_display = ["user", "role", "township", "service_point"]
    list_filter = ["role", "township"]
    form_fields = ["user", "role", "township", "service_point"]


@hooks.register("register_admin_viewset")
def register_staff_profiles():
    return StaffProfileViewSet("staff_roles")


@hooks.register("before_bulk_action")
def refuse_incomplete_guides(request, action_type, objects, action_class_instance):
    """Bulk publishing skips the editor's form, so the publish checks are run here."""
    if action_type != "publish":
        return None
    incomplete = [page for page in objects if lacks_essentials(page)]
    if not incomplete:
        return None
    messages.error(
        request,
        _("Nothing was published: %(titles)s lack what a citizen needs; open each to see what.")
        % {"titles": "、".join(page.get_admin_display_title() for page in incomplete)},
    )
    return redirect(action_class_instance.next_url)


def lacks_essentials(page) -> bool:
    if not issubclass(page.specific_class, GuidePage):
        return False
    latest = page.specific.get_latest_revision_as_object()
    return bool(missing_for_publication(GuideEssentials.of_page(latest)))
