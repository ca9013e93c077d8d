"""The admin: a menu for tasks, reports, the window's entry and the figures; a dashboard panel
that flags overdue rectification tasks and reports under supervision."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from feedback import admin_views
from feedback.figures import Figures, Period
from feedback.models import ReportState
from guides.rules import is_county_admin, is_staff_member, is_township_staff, township_of


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


class FeedbackMenu(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return is_staff_member(request.user)


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path("feedback/tasks/", admin_views.task_list, name="feedback_tasks"),
        path("feedback/tasks/<int:pk>/", admin_views.task_detail, name="feedback_task"),
        path("feedback/reports/", admin_views.report_list, name="feedback_reports"),
        path("feedback/reports/new/", admin_views.report_new, name="feedback_report_new"),
        path("feedback/reports/<int:pk>/", admin_views.report_detail, name="feedback_report_admin"),
        path("feedback/figures/", admin_views.figures, name="feedback_figures_admin"),
    ]


@hooks.register("register_admin_menu_item")
def register_feedback_menu():
    items = [
        PermissionMenuItem(
            _("Rectification tasks"),
            reverse("feedback_tasks"),
            icon_name="warning",
            order=10,
            permission="feedback.view_rectification",
        ),
        PermissionMenuItem(
            _("Problem reports (办不成事)"),
            reverse("feedback_reports"),
            icon_name="help",
            order=20,
            permission="feedback.view_problemreport",
        ),
        PermissionMenuItem(
            _("Record a problem report"),
            reverse("feedback_report_new"),
            icon_name="plus",
            order=30,
            permission="feedback.add_problemreport",
        ),
        PermissionMenuItem(
            _("Figures"),
            reverse("feedback_figures_admin"),
            icon_name="table",
            order=40,
            permission="feedback.view_figures",
        ),
    ]
    return FeedbackMenu(_("Ratings and reports"), Menu(items=items), icon_name="comment", order=320)


class FeedbackPanel(Component):
    name = "feedback"
    order = 140
    template_name = "feedback/admin/dashboard_panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        tasks = admin_views.visible_tasks(self.user)
        reports = admin_views.visible_reports(self.user)
        own = township_of(self.user) if is_township_staff(self.user) else None
        figures = Figures(Period.default())
        context.update(
            {
                "open_tasks": tasks.open().count(),
                "overdue": list(tasks.overdue().order_by("due_date")[:10]),
                "overdue_count": tasks.overdue().count(),
                "open_reports": reports.open().count(),
                "supervised": reports.filter(state=ReportState.SUPERVISED).count(),
                "figures": figures.scope(own.pk if own else None),
                "scope_name": own.name if own else None,
                "today": timezone.localdate(),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_feedback_panel(request, panels):
    user = request.user
    if is_county_admin(user) or user.has_perm("feedback.view_rectification"):
        panels.append(FeedbackPanel(user))
