"""Guides in the admin for staff who read but never edit them (window staff).

Wagtail has no read-only page permission: the page explorer shows a page only to users who may
add, edit, publish, lock or delete something there. Window staff, who answer citizens at the
counter, read every guide here instead: a searchable list and each guide's details, with no way
to change anything.
"""

from __future__ import annotations

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.rich_text import expand_db_html

from guides.models import GuidePage
from guides.rich_text import clean_shown
from guides.rules import is_window_staff


class GuideReadingPolicy(ModelPermissionPolicy):
    """Viewing only, and only for window staff; everyone else works in the page explorer."""

    def user_has_permission(self, user, action) -> bool:
        return action == "view" and bool(is_window_staff(user))

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        guides = GuidePage.objects.live()
        return guides if self.user_has_any_permission(user, actions) else guides.none()


class GuideReadingIndexView(IndexView):
    # The database, not the admin's search index: a clerk types a matter code or part of a name.
    search_backend_name = None

    def get_base_queryset(self):
        return GuidePage.objects.live().order_by("code")


class GuideReadingInspectView(InspectView):
    def get_conditions_display_value(self) -> SafeString:
        return mark_safe(clean_shown(expand_db_html(self.object.conditions)))

    def get_materials_display_value(self) -> SafeString:
        materials = self.object.materials.all()
        return format_html_join(
            "", "<p>{}（{}）</p>", ((m.name, m.get_form_display()) for m in materials)
        )

    def get_offers_display_value(self) -> SafeString:
        offers = self.object.offers.select_related("service_point")
        return format_html_join(
            "",
            "<p>{}：{}</p>",
            ((o.service_point.name, "、".join(map(str, o.get_modes_display()))) for o in offers),
        )


class GuideReadingViewSet(ModelViewSet):
    model = GuidePage
    icon = "doc-full"
    menu_label = _("Guides (read only)")
    menu_order = 205
    add_to_admin_menu = True
    index_view_class = GuideReadingIndexView
    inspect_view_class = GuideReadingInspectView
    inspect_view_enabled = True
    list_display = ["title", "code", "implementing_body", "last_verified"]
    search_fields = ["title", "code", "other_names"]
    inspect_view_fields = [
        "title",
        "code",
        "other_names",
        "implementing_body",
        "matter_type",
        "case_type",
        "conditions",
        "materials",
        "statutory_days",
        "promised_days",
        "is_free",
        "visits",
        "result",
        "offers",
        "online_url",
        "consultation_phone",
        "complaint_phone",
        "last_verified",
    ]

    @property
    def permission_policy(self):
        return GuideReadingPolicy(GuidePage)
