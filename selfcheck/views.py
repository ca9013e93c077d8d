"""The self check: a page that works without JavaScript, and ``POST /api/guides/<code>/precheck/``.

Both read the same request shape (township, optional service point, answers keyed by plugin id)
and call ``run_precheck``; bad input is named field by field (a 400 with JSON for the API).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from guides.models import GuidePage, Region, ServicePoint
from selfcheck.precheck import PrecheckResult, run_precheck


def find_township(code: Any) -> tuple[Region | None, str]:
    if not isinstance(code, str) or not code.isdigit() or len(code) != 12:
        return None, _("Give the 12-digit division code of your township or village.")
    region = Region.objects.filter(code=code).exclude(level=Region.Level.COUNTY).first()
    if region is None:
        return None, _("No township or village has this code.")
    return region, ""


def find_point(pk: Any) -> tuple[ServicePoint | None, str]:
    if pk in (None, ""):
        return None, ""
    try:
        return ServicePoint.objects.select_related("region", "township").get(pk=int(pk)), ""
    except (TypeError, ValueError, ServicePoint.DoesNotExist):
        return None, _("No service point has this id.")


def result_json(result: PrecheckResult) -> dict[str, Any]:
    return {
        "eligible": result.eligible,
        "complete": result.complete,
        "reasons": result.reasons,
        "places": [
            {
                "id": place.point.pk,
                **place.as_json(),
                "address": place.point.address,
                "phone": place.point.phone,
            }
            for place in result.places
        ],
        "materials": [
            {"name": line.name, "status": line.status, "note": line.note}
            for line in result.materials
        ],
        "immediate": result.immediate,
        "time_limit_days": result.time_limit_days,
        "fields": result.fields,
    }


@csrf_exempt
@require_POST
def precheck_api(request: HttpRequest, code: str) -> JsonResponse:
    guide = get_object_or_404(GuidePage.objects.live(), code__iexact=code)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"errors": {"body": _("Send a JSON object.")}}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"errors": {"body": _("Send a JSON object.")}}, status=400)
    errors: dict[str, Any] = {}
    township, errors["township"] = find_township(body.get("township"))
    point, errors["point"] = find_point(body.get("point"))
    answers = body.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(v, dict) for v in answers.values()):
        errors["answers"] = _('Give answers as {"<plugin id>": {"<field>": value}}.')
        answers = {}
    errors = {key: message for key, message in errors.items() if message}
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    result = run_precheck(guide, township=township, point=point, answers=answers)
    if result.problems:
        return JsonResponse(
            {"errors": {"answers": result.problems}, "fields": result.fields}, status=400
        )
    return JsonResponse(result_json(result), json_dumps_params={"ensure_ascii": False})


def answers_from_query(request: HttpRequest) -> dict[str, dict[str, Any]]:
    """Form inputs named ``<plugin id>.<field>`` as the nested answers run_precheck takes."""
    answers: dict[str, dict[str, Any]] = {}
    for key in request.GET:
        plugin_id, dot, name = key.partition(".")
        if dot:
            values = request.GET.getlist(key)
            answers.setdefault(plugin_id, {})[name] = values if len(values) > 1 else values[0]
    return answers


@require_GET
def self_check(request: HttpRequest, code: str):
    guide = get_object_or_404(GuidePage.objects.live(), code__iexact=code)
    townships = Region.objects.exclude(level=Region.Level.COUNTY).filter(parent__isnull=False)
    points = [offer.service_point for offer in guide.offers.select_related("service_point")]
    context: dict[str, Any] = {"guide": guide, "townships": townships, "points": points}
    if request.GET.get("township") or request.GET.get("point"):
        point, context["point_error"] = find_point(request.GET.get("point"))
        if not request.GET.get("township") and point is not None and point.township:
            township = point.township  # a hall or station alone: its own township's residents
        else:
            township, context["township_error"] = find_township(request.GET.get("township"))
        if township is not None and not context["point_error"]:
            answers = answers_from_query(request)
            result = run_precheck(guide, township=township, point=point, answers=answers)
            context.update(township=township, point=point, result=result, answers=answers)
            context["answered"] = "answered" in request.GET
    return render(request, "selfcheck/self_check_page.html", context)
