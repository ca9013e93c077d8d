"""The admin's side: rectification tasks and problem reports, each step a button with its form.

Township staff see and handle their own township's; county administrators and reviewers all;
window staff record problem reports at the window and see the ones they recorded
(``feedback.rules``). Lists mask phone numbers; the detail shows a report's phone in full only
to its handler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import rectification as tasks
from feedback import report_loop
from feedback.models import (
    GapKind,
    ProblemReport,
    Rectification,
    RectificationState,
    ReportChannel,
    ReportState,
)
from feedback.rules import is_county_staff
from feedback.submissions import Invalid, form_data, report_from
from feedback.transitions import TransitionError
from feedback.views import figures_context, townships
from guides.models import GuidePage
from guides.rules import is_staff_member, is_township_staff, is_window_staff, township_of
from guides.working_days import WorkingCalendar

# A department asked to act on a report gets this many working days unless the handler says.
ASSIGNMENT_WORKING_DAYS = 5


def visible_tasks(user) -> QuerySet[Rectification]:
    tasks_ = Rectification.objects.select_related("guide", "township", "rating")
    if is_county_staff(user):
        return tasks_
    if is_township_staff(user):
        return tasks_.filter(township=township_of(user))
    return tasks_.none()


def visible_reports(user) -> QuerySet[ProblemReport]:
    reports = ProblemReport.objects.select_related("guide", "township", "handler")
    if is_county_staff(user):
        return reports
    if is_township_staff(user):
        return reports.filter(township=township_of(user))
    if is_window_staff(user):
        return reports.filter(recorded_by=user)
    return reports.none()


def require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def task_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "feedback.view_rectification")
    state = request.GET.get("state", "open")
    shown = visible_tasks(request.user)
    if state == "open":
        shown = shown.open()
    elif state == "overdue":
        shown = shown.overdue()
    elif state in RectificationState.values:
        shown = shown.filter(state=state)
    return render(
        request,
        "feedback/admin/task_list.html",
        {
            "tasks": shown[:500],
            "state": state,
            "states": RectificationState.choices,
            "today": timezone.localdate(),
        },
    )


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(visible_tasks(request.user), pk=pk)
    require(request.user, "feedback.view_rectification", task)
    if request.method == "POST":
        require(request.user, "feedback.change_rectification", task)
        take_step(request, TASK_STEPS, task)
        return redirect("feedback_task", task.pk)
    return render(
        request,
        "feedback/admin/task_detail.html",
        {
            "task": task,
            "steps": task.steps.select_related("by"),
            "today": timezone.localdate(),
            "may_change": request.user.has_perm("feedback.change_rectification", task),
        },
    )


def take_step(request: HttpRequest, steps: dict[str, Callable], subject) -> None:
    """Run the step the form names; a refused step becomes a message, nothing is lost."""
    step = steps.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Unknown step."))
        return
    try:
        step(subject, request.user, request.POST)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))


def reached_from(post) -> bool:
    if post.get("reached") not in ("yes", "no"):
        raise TransitionError(_("Say whether the citizen was reached."))
    return post["reached"] == "yes"


TASK_STEPS: dict[str, Callable] = {
    "start": lambda task, user, post: tasks.start(task, user, post.get("note", "")),
    "resolve": lambda task, user, post: tasks.resolve(task, user, post.get("action", "")),
    "call_back": lambda task, user, post: tasks.call_back(
        task, user, reached=reached_from(post), result=post.get("result", "")
    ),
}


def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "feedback.view_problemreport")
    state = request.GET.get("state", "open")
    shown = visible_reports(request.user)
    if state == "open":
        shown = shown.open()
    elif state in ReportState.values:
        shown = shown.filter(state=state)
    return render(
        request,
        "feedback/admin/report_list.html",
        {"reports": shown[:500], "state": state, "states": ReportState.choices},
    )


def deadline_from(post) -> dt.date:
    value = post.get("deadline", "").strip()
    if not value:
        return WorkingCalendar.of_county().add(timezone.localdate(), ASSIGNMENT_WORKING_DAYS)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise TransitionError(_("Give the deadline as YYYY-MM-DD.")) from error


def complete(report: ProblemReport, user, post) -> None:
    assignment = report.assignments.filter(pk=post.get("assignment") or 0).first()
    if assignment is None:
        raise TransitionError(_("Choose the assignment."))
    report_loop.complete_assignment(assignment, user, post.get("result", ""))


REPORT_STEPS: dict[str, Callable] = {
    "take": lambda report, user, post: report_loop.take(report, user),
    "inform": lambda report, user, post: report_loop.inform(
        report, user, post.get("explanation", "")
    ),
    "assign": lambda report, user, post: report_loop.assign(
        report, user, post.get("assignee", ""), deadline_from(post)
    ),
    "complete": complete,
    "gap": lambda report, user, post: report_loop.record_gap(
        report, user, post.get("gap_kind", ""), post.get("note", "")
    ),
    "call_back": lambda report, user, post: report_loop.call_back(
        report, user, reached=reached_from(post), result=post.get("result", "")
    ),
}


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    require(request.user, "feedback.view_problemreport", report)
    may_change = request.user.has_perm("feedback.change_problemreport", report)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        take_step(request, REPORT_STEPS, report)
        return redirect("feedback_report_admin", report.pk)
    return render(
        request,
        "feedback/admin/report_detail.html",
        {
            "report": report,
            "phone": report.phone_for(request.user),
            "steps": report.steps.select_related("by"),
            "assignments": report.assignments.all(),
            "changes": report.guide_changes.all(),
            "gap_kinds": GapKind.choices,
            "may_change": may_change,
            "default_deadline": deadline_from({}),
            "today": timezone.localdate(),
        },
    )


def report_new(request: HttpRequest) -> HttpResponse:
    """A window clerk records a problem a citizen brought to the window."""
    require(request.user, "feedback.add_problemreport")
    context = {"townships": townships(), "values": request.POST, "errors": {}}
    if request.method == "POST":
        data = form_data(request.POST)
        code = data.get("guide", "").strip()
        guide = GuidePage.objects.filter(code__iexact=code).first() if code else None
        try:
            if code and guide is None:
                raise Invalid({"guide": _("No guide has this matter code.")})
            report = report_from(data, guide, ReportChannel.WINDOW)
        except Invalid as error:
            context["errors"] = error.errors
        else:
            report.recorded_by = request.user
            report_loop.receive(report, request.user)
            messages.success(
                request,
                _("Accepted as %(reference)s: give the citizen this reference number.")
                % {"reference": report.reference},
            )
            target = "feedback_report_admin"
            if request.user.has_perm("feedback.view_problemreport", report):
                return redirect(target, report.pk)
            return redirect(reverse("feedback_report_new"))
    return render(
        request, "feedback/admin/report_new.html", context, status=400 if context["errors"] else 200
    )


def figures(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    return render(request, "feedback/admin/figures.html", figures_context(request))
