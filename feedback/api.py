"""The JSON API: rate a matter, report a problem, follow a report, read the county's figures.

Anonymous posts are CSRF-exempt and never act with the session (these views do not read
``request.user``); they are throttled per client. Bad input is a 400 like the self check's,
``{"errors": {"<field>": "<message>"}}``, with a stable ``code``: ``invalid_json``,
``invalid``, ``rejected`` (the honeypot), ``not_found``, ``throttled`` (a 429).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from feedback.figures import MAX_DAYS, Figures, Period
from feedback.models import Channel, ProblemReport, ReportChannel
from feedback.report_loop import receive
from feedback.submissions import HONEYPOT, Invalid, is_bot, record_rating, report_from
from feedback.throttle import throttle
from guides.models import GuidePage, Region


def answer(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def problem(errors: dict[str, str], code: str, status: int = 400) -> JsonResponse:
    return answer({"errors": errors, "code": code}, status)


def posts_per_hour() -> int:
    return settings.FEEDBACK_POSTS_PER_HOUR


def json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise Invalid({"body": _("Send a JSON object.")})
    return body


def live_guide(code: str) -> GuidePage | None:
    return GuidePage.objects.live().filter(code__iexact=code).first()


def no_guide(code: str) -> JsonResponse:
    return problem(
        {"code": _("No published guide has the code %(code)s.") % {"code": code}},
        "not_found",
        404,
    )


def refused_bot() -> JsonResponse:
    return problem({HONEYPOT: _("Leave this field empty.")}, "rejected")


@csrf_exempt
@require_POST
@throttle("feedback", posts_per_hour)
def rate(request: HttpRequest, code: str) -> JsonResponse:
    guide = live_guide(code)
    if guide is None:
        return no_guide(code)
    try:
        body = json_body(request)
    except Invalid as error:
        return problem(error.errors, "invalid_json")
    if is_bot(body):
        return refused_bot()
    try:
        rating = record_rating(guide, body, Channel.API)
    except Invalid as error:
        return problem(error.errors, "invalid")
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
        body = json_body(request)
    except Invalid as error:
        return problem(error.errors, "invalid_json")
    if is_bot(body):
        return refused_bot()
    try:
        report = receive(report_from(body, guide, ReportChannel.PUBLIC))
    except Invalid as error:
        return problem(error.errors, "invalid")
    return answer(report_json(report), 201)


@csrf_exempt
@require_POST
@throttle("feedback", posts_per_hour)
def report_on_guide(request: HttpRequest, code: str) -> JsonResponse:
    guide = live_guide(code)
    if guide is None:
        return no_guide(code)
    return new_report(request, guide)


@csrf_exempt
@require_POST
@throttle("feedback", posts_per_hour)
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
        return problem({"reference": _("No report has this reference number.")}, "not_found", 404)
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
        return problem(error.errors, "invalid")
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
