"""Public forms: the 一次性告知单 of a matter at a hall (blank or personalised), the guide print,
and the verify page behind the QR code on every form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edge.anonymous import anonymous_api
from guides.models import GuidePage
from notices.answers import (
    AnswersError,
    NoticeRequest,
    parse_request,
    payload_from_post,
    unsign_payload,
)
from notices.issuing import ChecklistLine, issue_notice, precheck
from notices.models import IssuedNotice
from notices.pdf import pdf_response
from notices.qr import qr_data_url
from selfcheck.precheck import run_precheck


def live_guide(code: str) -> GuidePage:
    """``code`` as in the guide's address (lower case) or as printed (upper case)."""
    return get_object_or_404(GuidePage.objects.live(), code__iexact=code)


def problems_response(error: AnswersError) -> JsonResponse:
    return JsonResponse({"errors": error.problems, "code": "invalid"}, status=400)


# A citizen's browser posts the answers from the self check: the route takes no session (a
# cross-site post cannot issue a form as a signed-in clerk; staff print in the admin) and its
# requests are throttled per client, like the precheck API.
@anonymous_api("notices", counted=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def notice_pdf(request: HttpRequest, code: str) -> HttpResponse:
    guide = live_guide(code)
    try:
        if request.method == "POST":
            payload = payload_from_post(request.content_type, request.body, request.POST)
        elif "s" in request.GET:
            payload = {**unsign_payload(request.GET["s"]), **pick(request.GET, "point")}
        else:
            payload = pick(request.GET, "point")
        notice_request = parse_request(guide, payload)
        if notice_request.point is None:
            if request.method == "POST":
                raise AnswersError({"point": _("Choose the service point.")})
            return choose_point(request, guide, notice_request)
        notice = issue_notice(
            guide, notice_request, absolute_url=request.build_absolute_uri, user=request.user
        )
    except AnswersError as error:
        return problems_response(error)
    return pdf_response(
        "notices/notice_document.html",
        {"notices": [notice], "title": f"一次性告知单 {guide.title}"},
        f"一次性告知单-{guide.code}-{notice.serial}.pdf",
    )


def pick(query, *names: str) -> dict[str, str]:
    return {name: query[name] for name in names if query.get(name)}


def choose_point(request: HttpRequest, guide: GuidePage, asked: NoticeRequest) -> HttpResponse:
    """Without a hall the form cannot say where and when: list the places the self check says
    take it for this applicant (every place that handles it, for nobody in particular)."""
    result = run_precheck(guide, township=asked.township, answers=asked.answers)
    return render(
        request,
        "notices/choose_point.html",
        {"guide": guide, "places": result.places, "signed": request.GET.get("s", "")},
    )


@require_http_methods(["GET"])
def guide_print(request: HttpRequest, code: str) -> HttpResponse:
    """The plain guide as A4, for anyone; materials as the guide itself lists them."""
    guide = live_guide(code)
    result = precheck(guide, NoticeRequest(point=None))
    guide_url = request.build_absolute_uri(guide.url or "/")
    return pdf_response(
        "notices/guide_print.html",
        {
            "guide": guide,
            "title": guide.title,
            "lines": [ChecklistLine.from_precheck(line) for line in result.materials],
            "places": result.places,
            "guide_url": guide_url,
            "guide_qr": qr_data_url(guide_url),
        },
        f"办事指南-{guide.code}.pdf",
    )


@require_http_methods(["GET"])
def verify(request: HttpRequest, serial: str) -> HttpResponse:
    notice = IssuedNotice.objects.select_related("service_point").filter(serial=serial).first()
    materials = [ChecklistLine(**line) for line in notice.content["materials"]] if notice else []
    return render(
        request,
        "notices/verify.html",
        {
            "notice": notice,
            "serial": serial,
            "materials": materials,
            "title": _("Check a printed form"),
        },
        status=200 if notice else 404,
    )
