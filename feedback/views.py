"""The public pages: the rating form's target, the 办不成事 form and status page, the figures.

Every form works without JavaScript: a plain POST that redirects to a thank-you page, or shows
the form again with a message on each wrong field. Like the JSON API these views never act with
the session, and their posts are throttled per client.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edge.anonymous import WINDOW_SECONDS, anonymous_api
from feedback.api import figures_query, posts_per_hour
from feedback.charts import charts
from feedback.figures import Figures
from feedback.models import Channel, Level, ProblemReport, ReportChannel, Tag
from feedback.report_loop import receive
from feedback.submissions import Invalid, form_data, is_bot, record_rating, report_from
from guides.models import GuidePage, Region

FORM_CHANNELS = (Channel.GUIDE_PAGE, Channel.SELF_CHECK, Channel.VERIFY)


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "feedback/too_many.html", {"title": _("Too many submissions")}, status=429
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def townships() -> list[Region]:
    return list(Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("code"))


@anonymous_api("feedback", limit=posts_per_hour, refuse=too_many)
@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    guide = get_object_or_404(GuidePage.objects.live(), code__iexact=code)
    data = form_data(request.POST)
    channel = data.get("channel") if data.get("channel") in FORM_CHANNELS else Channel.GUIDE_PAGE
    if not is_bot(data):  # a bot is thanked and nothing is kept
        try:
            rating = record_rating(guide, data, channel)
        except Invalid as error:
            context = {
                "guide": guide,
                "errors": error.errors,
                "values": data,
                "channel": channel,
                "levels": Level.choices,
                "tags": Tag.choices,
                "title": _("Rate this matter"),
            }
            return render(request, "feedback/rate_page.html", context, status=400)
        query = {"guide": guide.code, **({"bad": "1"} if rating.is_bad else {})}
    else:
        query = {"guide": guide.code}
    return HttpResponseRedirect(f"{reverse('feedback_thanks')}?{urlencode(query)}")


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    guide = GuidePage.objects.live().filter(code__iexact=request.GET.get("guide", "")).first()
    return render(
        request,
        "feedback/thanks.html",
        {"guide": guide, "bad": request.GET.get("bad") == "1", "title": _("Thank you")},
    )


@anonymous_api("feedback", limit=posts_per_hour, refuse=too_many)
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """办不成事: anyone tells what they could not get done, with or without a matter."""
    source = request.POST if request.method == "POST" else request.GET
    guide = GuidePage.objects.live().filter(code__iexact=source.get("guide", "")).first()
    context = {
        "guide": guide,
        "townships": townships(),
        "values": source,
        "title": _("Report a problem nobody could solve"),
    }
    if request.method == "POST":
        data = form_data(request.POST)
        if is_bot(data):
            return redirect("feedback_report_lookup")
        try:
            report = receive(report_from(data, guide, ReportChannel.PUBLIC))
        except Invalid as error:
            context["errors"] = error.errors
            return render(request, "feedback/report_form.html", context, status=400)
        return redirect(f"{reverse('feedback_report', args=[report.reference])}?new=1")
    return render(request, "feedback/report_form.html", context)


@require_GET
def report_lookup(request: HttpRequest) -> HttpResponse:
    reference = request.GET.get("reference", "").strip().upper()
    if reference and ProblemReport.objects.filter(reference=reference).exists():
        return redirect("feedback_report", reference)
    context = {"reference": reference, "title": _("Follow a problem report")}
    if reference:
        context["error"] = _("No report has this reference number.")
    return render(request, "feedback/report_lookup.html", context, status=404 if reference else 200)


@require_GET
def report_status(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_object_or_404(
        ProblemReport.objects.select_related("township").prefetch_related("assignments", "steps"),
        reference=reference.upper(),
    )
    return render(
        request,
        "feedback/report_status.html",
        {
            "report": report,
            "new": request.GET.get("new") == "1",
            "title": _("Problem report %(reference)s") % {"reference": report.reference},
        },
    )


@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    context = figures_context(request)
    context["title"] = _("The county's figures")
    return render(
        request, "feedback/figures.html", context, status=400 if "errors" in context else 200
    )


def figures_context(request: HttpRequest) -> dict:
    """The figures and their charts for a period and township from the query; shared with the
    admin's figures page."""
    try:
        period, township = figures_query(request.GET)
    except Invalid as error:
        return {"errors": error.errors, "townships": townships(), "query": request.GET}
    data = Figures(period).as_json()
    chosen = next((t for t in data["townships"] if township and t["code"] == township.code), None)
    return {
        "data": data,
        "shown": chosen or data["county"],
        "chosen": chosen,
        "townships": townships(),
        "query": request.GET,
        **charts(data),
    }
