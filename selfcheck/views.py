"""The self check's page (works without JavaScript), ``POST /api/guides/<code>/precheck/`` and
``GET /api/guides/<code>/places/``.

All three read the applicant (township or village, optional service point, answers keyed by
plugin id) and present ``run_precheck``; bad input is named field by field (a 400 with JSON for
the APIs).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from edge.anonymous import anonymous_api
from edge.errors import refusal, refusals
from guides.models import GuidePage, Region, ServicePoint
from search.forms import form_errors, location_form, remember_location
from selfcheck.precheck import PrecheckResult, ServingPlace, run_precheck


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


def place_json(place: ServingPlace) -> dict[str, Any]:
    return {
        **place.as_json(),
        "address": place.point.address,
        "phone": place.point.phone,
        "township": place.point.region.code,
        "url": place.point.get_absolute_url(),
    }


def result_json(result: PrecheckResult) -> dict[str, Any]:
    return {
        "eligible": result.eligible,
        "complete": result.complete,
        "reasons": result.reasons,
        "point": (
            {
                "id": result.point.pk,
                "name": result.point.name,
                "serves": result.place is not None,
                "refusal": result.refusal,
                "window": result.place.window_label if result.place else "",
            }
            if result.point is not None
            else None
        ),
        "nearest": place_json(result.nearest) if result.nearest else None,
        "places": [place_json(place) for place in result.places],
        "materials": [
            {
                "name": line.name,
                "status": line.status,
                "status_label": line.status_label,
                "situation": line.situation,
                "note": line.note,
            }
            for line in result.materials
        ],
        "immediate": result.immediate,
        "time_limit_days": result.time_limit_days,
        "fields": result.fields,
    }


def json_response(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@anonymous_api("precheck")
@require_POST
def precheck_api(request: HttpRequest, code: str) -> JsonResponse:
    guide = get_object_or_404(GuidePage.objects.live(), code__iexact=code)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return json_response(
            {"errors": {"body": _("Send a JSON object.")}, "code": "invalid_json"}, status=400
        )
    if not isinstance(body, dict):
        return json_response(
            {"errors": {"body": _("Send a JSON object.")}, "code": "invalid_json"}, status=400
        )
    errors: dict[str, Any] = {}
    township, errors["township"] = find_township(body.get("township"))
    point, errors["point"] = find_point(body.get("point"))
    answers = body.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(v, dict) for v in answers.values()):
        errors["answers"] = _('Give answers as {"<plugin id>": {"<field>": value}}.')
        answers = {}
    errors = {key: message for key, message in errors.items() if message}
    if errors:
        return json_response({"errors": errors, "code": "invalid"}, status=400)
    result = run_precheck(guide, township=township, point=point, answers=answers)
    if result.problems:
        return json_response(
            {"errors": {"answers": result.problems}, "code": "invalid", "fields": result.fields},
            400,
        )
    return json_response(result_json(result))


def answers_from_query(query) -> dict[str, dict[str, Any]]:
    """Inputs named ``<plugin id>.<field>`` as the nested answers run_precheck takes."""
    answers: dict[str, dict[str, Any]] = {}
    for key in query:
        plugin_id, dot, name = key.partition(".")
        if dot:
            values = query.getlist(key)
            answers.setdefault(plugin_id, {})[name] = values if len(values) > 1 else values[0]
    return answers


@require_GET
def places_api(request: HttpRequest, code: str) -> JsonResponse:
    """The places that take the matter for the citizen of ``?township=`` or ``?lat=&lon=``
    (answers as ``<plugin id>.<field>=…``), nearest first: the self check's own list."""
    guide = GuidePage.objects.live().filter(code__iexact=code).first()
    if guide is None:
        return refusal(
            "not_found",
            _("No published guide has the code %(code)s.") % {"code": code},
            field="code",
            status=404,
        )
    form = location_form(request)
    if not form.is_valid():
        return refusals("invalid", form_errors(form))
    location = form.location
    result = run_precheck(
        guide,
        township=location.township if location else None,
        origin=location.origin if location else None,
        answers=answers_from_query(request.GET),
    )
    return json_response({"results": [place_json(place) for place in result.places]})


@require_GET
def self_check(request: HttpRequest, code: str):
    guide = get_object_or_404(GuidePage.objects.live(), code__iexact=code)
    points = [offer.service_point for offer in guide.offers.select_related("service_point")]
    townships = Region.objects.exclude(level=Region.Level.COUNTY).filter(parent__isnull=False)
    context: dict[str, Any] = {"guide": guide, "townships": townships, "points": points}
    form = location_form(request)
    remembered = form.is_valid() and form.cleaned_data.get("township")
    context["township"] = remembered or None
    if request.GET.get("township") or request.GET.get("point") or remembered:
        point, context["point_error"] = find_point(request.GET.get("point"))
        if request.GET.get("township") or not (point is not None and point.township):
            township, context["township_error"] = (
                (remembered, "") if remembered else find_township(request.GET.get("township"))
            )
        else:
            township = point.township  # a hall or station alone: its own township's residents
        if township is not None and not context["point_error"]:
            answers = answers_from_query(request.GET)
            result = run_precheck(guide, township=township, point=point, answers=answers)
            context.update(township=township, point=point, result=result, answers=answers)
            context["answered"] = "answered" in request.GET
    response = render(request, "selfcheck/self_check_page.html", context)
    remember_location(response, form)
    return response
