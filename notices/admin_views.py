"""Window staff print forms in the admin: one or several matters for one applicant, one PDF.

No JSON to type: once the matters, the hall and the applicant's township or village are chosen,
the form shows the self check's questions for those matters (the ones a citizen answers on the
site), and the self check's own messages appear on each question it finds a problem with.
"""

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
from selfcheck.precheck import run_precheck


def may_print(user) -> bool:
    return user.has_perm("notices.print_notice")


def print_notices(request: HttpRequest) -> HttpResponse:
    if not may_print(request.user):
        raise PermissionDenied
    profile = getattr(request.user, "staff_profile", None)
    # Window staff print for their own hall unless they choose another.
    initial = {"point": getattr(profile, "service_point", None)}
    data = request.POST or None
    form = PrintForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        form = PrintForm(data, initial=initial, questions=questions(form))
        if form.is_valid() and "print" in request.POST:
            try:
                notices = issue_batch(request, form)
            except AnswersError as error:
                show_problems(form, error.problems)
            else:
                return pdf_response(
                    "notices/notice_document.html",
                    [{"notices": [notice], "title": "一次性告知单"} for notice in notices],
                    f"一次性告知单-{notices[0].serial}.pdf",
                )
    return render(request, "notices/admin/print.html", {"form": form})


def questions(form: PrintForm) -> list[dict]:
    """The self check's questions of every chosen matter for this applicant, each once."""
    township = form.cleaned_data["township"]
    if township is None:
        return []  # a blank form for the hall
    point = form.cleaned_data["point"]
    asked = {}
    for guide in form.cleaned_data["guides"]:
        for question in run_precheck(guide, township=township, point=point).fields:
            asked.setdefault(question["key"], question)
    return list(asked.values())


def issue_batch(request: HttpRequest, form: PrintForm) -> list[Notice]:
    """Every matter's form, or none: one refused matter leaves no record of the others.
    ``AnswersError.problems`` maps each refused matter to its problems."""
    payload = form.payload()
    notices, problems = [], {}
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
                problems[guide] = error.problems
        if problems:
            transaction.set_rollback(True)
            raise AnswersError(problems)
    return notices


def show_problems(form: PrintForm, problems: dict) -> None:
    """Each matter's problems on the field they concern, naming the matter."""
    for guide, found in problems.items():
        for field, problem in found.items():
            for key, text in problem.items() if isinstance(problem, dict) else [(field, problem)]:
                message = _("%(matter)s: %(problem)s") % {"matter": guide.title, "problem": text}
                form.add_error(key if key in form.fields else None, message)
