"""The JSON API: rate a matter, report a problem, follow a report, read the county's figures.

Anonymous posts go through ``edge.anonymous.anonymous_api``: CSRF-exempt, without the session,
throttled per client (``FEEDBACK_POSTS_PER_HOUR``). Bodies are read by ``edge.json_body``. Bad
input is a 400 in the one shape of ``edge.errors``, ``{"errors": {"<field>": "<message>"}}``
with a stable ``code``: ``invalid_json`` (and the body limits' codes), ``invalid``,
``rejected`` (the honeypot), ``not_found``, ``throttled`` (a 429).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from edge.anonymous import anonymous_api
from edge.errors import Refused, refusal, refusals
from edge.json_body import read_json_object
from feedback.figures import MAX_DAYS, Figures, Period
from feedback.models import Channel, ProblemReport, ReportChannel
from feedback.report_loop import receive
from feedback.submissions import HONEYPOT, Invalid, is_bot, record_rating, report_from
from guides.models import GuidePage, Region


def answer(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def posts_per_hour() -> int:
    return settings.FEEDBACK_POSTS_PER_HOUR


def live_guide(code: str) -> GuidePage | None:
    return GuidePage.objects.live().filter(code__iexact=code).first()


def no_guide(code: str) -> JsonResponse:
    return refusal(
        "not_found",
        _("No published guide has the code %(code)s.") % {"code": code},
        field="code",
        status=404,
    )


def refused_bot() -> JsonResponse:
    return refusal("rejected", _("Leave this field empty."), field=HONEYPOT)


def refused_body(refused: Refused) -> JsonResponse:
    return refusal(refused.code, refused.message, field=refused.field, status=refused.status)


@anonymous_api("feedback", limit=posts_per_hour)
@require_POST
def rate(request: HttpRequest, code: str) -> JsonResponse:
    guide = live_guide(code)
    if guide is None:
        return no_guide(code)
    try:
        body = read_json_object(request)
    except Refused as refused:
        return refused_body(refused)
    if is_bot(body):
        return refused_bot()
    try:
        rating = record_rating(guide, body, Channel.API)
    except Invalid as error:
        return refusals("invalid", error.errors)
    task = getattr(rating, "rectification", None)
    return answer(
        {
            "id": rating.pk,
            "rating": rating.level,
            "rectification_due": task.due_date.isoformat() if task else None,
        },
        201,
    )


def report_json(report: ProblemReport) -> dict[str, Any]:
    """What anyone with the reference number may see: no description, no phone, no names."""
    return {
        "reference": report.reference,
        "state": report.state,
        "state_label": report.get_state_display(),
        "matter": report.matter,
        "township": report.township.name,
        "received_at": report.received_at.isoformat(),
        "explanation": report.explanation,
        "assignments": [
            {
                "assignee": a.assignee,
                "deadline": a.deadline.isoformat(),
                "done": a.done_at is not None,
            }
            for a in report.assignments.all()
        ],
        "result": report.callback_result,
        "closed_at": report.closed_at.isoformat() if report.closed_at else None,
        "steps": [
            {"step": step.action, "label": step.get_action_display(), "at": step.at.isoformat()}
            for step in report.steps.all()
        ],
    }


def new_report(request: HttpRequest, guide: GuidePage | None) -> JsonResponse:
    try:
        body = read_json_object(request)
    except Refused as refused:
        return refused_body(refused)
    if is_bot(body):
        return refused_bot()
    try:
        report = receive(report_from(body, guide, ReportChannel.PUBLIC))
    except Invalid as error:
        return refusals("invalid", error.errors)
    return answer(report_json(report), 201)


@anonymous_api("feedback", limit=posts_per_hour)
@require_POST
def report_on_guide(request: HttpRequest, code: str) -> JsonResponse:
    guide = live_guide(code)
    if guide is None:
        return no_guide(code)
    return new_report(request, guide)


@anonymous_api("feedback", limit=posts_per_hour)
@require_POST
def report(request: HttpRequest) -> JsonResponse:
    """A problem that fits no matter of the catalogue."""
    return new_report(request, None)


@require_GET
def report_status(request: HttpRequest, reference: str) -> JsonResponse:
    found = (
        ProblemReport.objects.select_related("township")
        .prefetch_related("assignments", "steps")
        .filter(reference=reference.strip().upper())
        .first()
    )
    if found is None:
        return refusal(
            "not_found",
            _("No report has this reference number."),
            field="reference",
            status=404,
        )
    return answer(report_json(found))


def period_from(query) -> Period:
    """``from`` and ``to`` (YYYY-MM-DD, both optional: the last 12 weeks by default)."""
    default = Period.default()
    errors: dict[str, str] = {}
    days = {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        value = query.get(name, "").strip()
        try:
            days[name] = dt.date.fromisoformat(value) if value else fallback
        except ValueError:
            errors[name] = _("Give a date as YYYY-MM-DD.")
    if not errors and days["from"] > days["to"]:
        errors["from"] = _("The period starts after it ends.")
    if not errors and (days["to"] - days["from"]).days >= MAX_DAYS:
        errors["to"] = _("A period of at most %(days)d days.") % {"days": MAX_DAYS}
    if errors:
        raise Invalid(errors)
    return Period(days["from"], days["to"])


def township_from(query) -> Region | None:
    code = query.get("township", "").strip()
    if not code:
        return None
    township = Region.objects.filter(code=code, level=Region.Level.TOWNSHIP).first()
    if township is None:
        raise Invalid({"township": _("No township has the code %(code)s.") % {"code": code}})
    return township


@require_GET
def figures(request: HttpRequest) -> JsonResponse:
    try:
        period, township = figures_query(request.GET)
    except Invalid as error:
        return refusals("invalid", error.errors)
    return answer(Figures(period).as_json(township))


def figures_query(query) -> tuple[Period, Region | None]:
    """The period and township asked for; every bad parameter named at once."""
    errors: dict[str, str] = {}
    period = township = None
    try:
        period = period_from(query)
    except Invalid as error:
        errors.update(error.errors)
    try:
        township = township_from(query)
    except Invalid as error:
        errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    return period, township
