"""One shape for every refusal of the site's JSON routes, and the HTML 400 page.

A refused request gets ``{"errors": {"<field>": "<message>"}, "code": "<stable code>"}``: the
shape the self check, notices and feedback APIs already answer with, so a client reads every
400 the same way. ``field`` is the parameter or body field at fault, ``__all__`` when the
request as a whole is refused; ``code`` is the stable word a client program tests
(docs/security.md lists them), the message is for people, in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


class Refused(Exception):
    """A request refused before any work is done on it."""

    def __init__(self, code: str, message: str, *, field: str = "__all__", status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        self.status = status


def refusal(code: str, message: str, *, field: str = "__all__", status: int = 400) -> JsonResponse:
    return refusals(code, {field: message}, status=status)


def refusals(code: str, errors: Mapping[str, str], *, status: int = 400) -> JsonResponse:
    """A refusal naming several fields at once (every wrong parameter of a form)."""
    return JsonResponse(
        {"errors": {field: str(message) for field, message in errors.items()}, "code": code},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def wants_json(request: HttpRequest) -> bool:
    """API routes, JSON bodies and clients that ask for JSON get JSON; browsers get a page."""
    return (
        request.path_info.startswith("/api/")
        or request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def refused_response(request: HttpRequest, refused: Refused) -> HttpResponse:
    if wants_json(request):
        return refusal(refused.code, refused.message, field=refused.field, status=refused.status)
    # No request context: the page must render even when the request itself is the problem.
    html = render_to_string("400.html", {"message": refused.message})
    return HttpResponse(html, status=refused.status)
