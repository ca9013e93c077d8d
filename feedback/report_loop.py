"""The 办不成事 loop: 受理 → 告知 → 协调 → 督办 → 回访, each step recorded with who and when.

A report is accepted (受理) the moment it is recorded, with its reference number. The handler
tells the citizen what can and cannot be done and why (告知); departments or townships are
asked to act, each by a deadline (协调); an assignment past its deadline puts the report under
the county reviewer's supervision (督办, ``escalate_overdue``, run daily); the call-back (回访)
closes it once every assignment is done.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Assignment, GapKind, ProblemReport, Rectification, ReportState
from feedback.rectification import open_rectification, owner_township
from feedback.transitions import TransitionError, advance, record_step
from guides.models import StaffRole

State = ReportState
OPEN_STATES = (State.ACCEPTED, State.INFORMED, State.COORDINATING, State.SUPERVISED)


def receive(report: ProblemReport, user=None) -> ProblemReport:
    """受理: save a new report and record its acceptance."""
    with transaction.atomic():
        report.state = State.ACCEPTED
        report.save()
        record_step(report, "accept", user=user)
    return report


def take(report: ProblemReport, user) -> None:
    """Become the report's handler (the one who sees the contact phone in full)."""
    advance(
        report,
        "take",
        allowed_from=OPEN_STATES,
        to=None,
        user=user,
        refusal=_("This report is closed."),
        handler=user,
    )


def inform(report: ProblemReport, user, explanation: str) -> None:
    """受理 → 告知: what can and cannot be done, and why, as told to the citizen."""
    explanation = explanation.strip()
    if not explanation:
        raise TransitionError(_("Write what the citizen was told."))
    advance(
        report,
        "inform",
        allowed_from=[State.ACCEPTED],
        to=State.INFORMED,
        user=user,
        note=explanation,
        refusal=_("The citizen has already been told."),
        explanation=explanation,
        handler=report.handler or user,
    )


def assign(report: ProblemReport, user, assignee: str, deadline: dt.date) -> Assignment:
    """告知 → 协调: ask a department or township to act by ``deadline``. A report under
    supervision stays there."""
    assignee = assignee.strip()
    if not assignee:
        raise TransitionError(_("Name the department or township."))
    if deadline <= timezone.localdate():
        raise TransitionError(_("The deadline must be after today."))
    to = State.SUPERVISED if report.state == State.SUPERVISED else State.COORDINATING
    with transaction.atomic():
        advance(
            report,
            "assign",
            allowed_from=[State.INFORMED, State.COORDINATING, State.SUPERVISED],
            to=to,
            user=user,
            note=f"{assignee}（{deadline:%Y-%m-%d}）",
            refusal=_("Tell the citizen what can be done before coordinating."),
        )
        return Assignment.objects.create(
            report=report, assignee=assignee, deadline=deadline, assigned_by=user
        )


def complete_assignment(assignment: Assignment, user, result: str) -> None:
    """A department or township reports back what it did."""
    result = result.strip()
    if not result:
        raise TransitionError(_("Write what they did."))
    with transaction.atomic():
        if Assignment.objects.select_for_update().get(pk=assignment.pk).done_at is not None:
            raise TransitionError(_("This assignment is already done."))
        advance(
            assignment.report,
            "assignment_done",
            allowed_from=[State.COORDINATING, State.SUPERVISED],
            to=None,
            user=user,
            note=f"{assignment.assignee}：{result}",
            refusal=_("This report is not being coordinated."),
        )
        assignment.done_at = timezone.now()
        assignment.result = result
        assignment.save(update_fields=["done_at", "result"])


def county_reviewer():
    """Who supervises: the first active county reviewer."""
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__role=StaffRole.COUNTY_REVIEWER)
        .order_by("pk")
        .first()
    )


def escalate_overdue(today: dt.date | None = None) -> list[ProblemReport]:
    """协调 → 督办 for every report with an assignment past its deadline and not done."""
    today = today or timezone.localdate()
    overdue = ProblemReport.objects.filter(
        state=State.COORDINATING,
        assignments__done_at__isnull=True,
        assignments__deadline__lt=today,
    ).distinct()
    supervisor = county_reviewer()
    escalated = []
    for report in overdue:
        late = [a.assignee for a in report.assignments.all() if a.is_overdue(today)]
        advance(
            report,
            "supervise",
            allowed_from=[State.COORDINATING],
            to=State.SUPERVISED,
            user=None,
            note=_("Past the deadline: %(assignees)s") % {"assignees": "、".join(late)},
            refusal="",
            supervisor=supervisor,
        )
        escalated.append(report)
    return escalated


def call_back(report: ProblemReport, user, *, reached: bool, result: str) -> None:
    """回访: the call-back and the closing result, once every assignment is done."""
    result = result.strip()
    if not result:
        raise TransitionError(_("Write down the closing result."))
    if report.assignments.filter(done_at__isnull=True).exists():
        raise TransitionError(_("Every department or township must report back first."))
    advance(
        report,
        "call_back",
        allowed_from=[State.INFORMED, State.COORDINATING, State.SUPERVISED],
        to=State.CLOSED,
        user=user,
        note=result,
        refusal=_("Tell the citizen what can be done before calling back."),
        callback_reached=reached,
        callback_result=result,
        closed_at=timezone.now(),
    )


def record_gap(report: ProblemReport, user, kind: str, note: str) -> Rectification:
    """The report shows the guide lacks something: open a change for the guide's editors."""
    if report.guide is None:
        raise TransitionError(_("Link the report to its matter first."))
    if kind not in GapKind.values:
        raise TransitionError(_("Choose what the guide lacks."))
    if report.guide_changes.exists():
        raise TransitionError(_("A change of the guide is already open for this report."))
    note = note.strip()
    reason = f"{GapKind(kind).label}：{note or report.description}"
    with transaction.atomic():
        advance(
            report,
            "gap",
            allowed_from=OPEN_STATES,
            to=None,
            user=user,
            note=reason,
            refusal=_("This report is closed."),
            gap_kind=kind,
        )
        return open_rectification(
            guide=report.guide,
            township=owner_township(report.guide),
            reason=reason,
            report=report,
            user=user,
        )
