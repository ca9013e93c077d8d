"""Window staff print forms in the admin: one or several matters for one applicant, one PDF."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from notices.answers import AnswersError, parse_request
from notices.forms import PrintForm
from notices.issuing import Notice, issue_notice
from notices.pdf import pdf_response


def may_print(user) -> bool:
    return user.has_perm("notices.print_notice")


def print_notices(request: HttpRequest) -> HttpResponse:
    if not may_print(request.user):
        raise PermissionDenied
    profile = getattr(request.user, "staff_profile", None)
    # Window staff print for their own hall unless they choose another.
    form = PrintForm(
        request.POST or None, initial={"point": getattr(profile, "service_point", None)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notices = issue_batch(request, form)
        except AnswersError as error:
            for problem in error.problems.values():
                form.add_error(None, problem)
        else:
            first = notices[0]
            return pdf_response(
                "notices/notice_document.html",
                {"notices": notices, "title": "一次性告知单"},
                f"一次性告知单-{first.serial}.pdf",
            )
    return render(request, "notices/admin/print.html", {"form": form})


def issue_batch(request: HttpRequest, form: PrintForm) -> list[Notice]:
    """Every matter's form, or none: one refused matter leaves no record of the others."""
    payload = form.payload()
    notices = []
    with transaction.atomic():
        for guide in form.cleaned_data["guides"]:
            try:
                notices.append(
                    issue_notice(
                        guide,
                        parse_request(guide, payload),
                        absolute_url=request.build_absolute_uri,
                        user=request.user,
                    )
                )
            except AnswersError as error:
                raise AnswersError(
                    {
                        guide.code: _("%(matter)s: %(problem)s")
                        % {"matter": guide.title, "problem": describe(error.problems)}
                    }
                ) from error
    return notices


def describe(problems: dict) -> str:
    """{"point": "…", "answers": {"plugin.field": "…"}} → one readable line."""
    parts = []
    for value in problems.values():
        if isinstance(value, dict):
            parts.extend(f"{name}: {text}" for name, text in value.items())
        else:
            parts.append(str(value))
    return "; ".join(parts)
