"""Refuse malformed input before any view, session or database work is done on it.

The path and every query parameter are checked on every route (the admin included): a NUL
reaches PostgreSQL as an error, a surrogate cannot be encoded. On public routes (everything
outside ``/admin/``) a body is bounded too: its size, and when it is JSON its nesting, numbers
and text (``edge.json_body``); a form body's values are checked for the same characters.
The admin keeps Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, the form fields' NUL check):
its uploads are larger and every admin form is CSRF-protected and signed in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from edge.errors import Refused, refused_response
from edge.json_body import (
    MAX_BODY_BYTES,
    body_too_large,
    has_forbidden_text,
    read_json,
    text_refusal,
)

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith("/admin/")


def check_path_and_query(request: HttpRequest) -> None:
    if has_forbidden_text(request.path_info):
        raise text_refusal("path")
    for key, values in request.GET.lists():
        if has_forbidden_text(key) or any(has_forbidden_text(value) for value in values):
            raise text_refusal(key if not has_forbidden_text(key) else "__all__")


def content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused("invalid_request", _("The Content-Length header is not a number.")) from None


def check_body(request: HttpRequest) -> None:
    if content_length(request) > MAX_BODY_BYTES:
        raise body_too_large()
    # Read first, so the view can still read the body after the form is parsed from it.
    body = request.body
    if len(body) > MAX_BODY_BYTES:  # a chunked body has no Content-Length
        raise body_too_large()
    if request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            if has_forbidden_text(key) or any(has_forbidden_text(v) for v in values):
                raise text_refusal(key if not has_forbidden_text(key) else "__all__")
        return
    if request.content_type == "application/json" or body.lstrip()[:1] in (b"{", b"["):
        read_json(request)


class InputBoundsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_path_and_query(request)
            if request.method in BODY_METHODS and not is_admin(request):
                check_body(request)
        except Refused as refused:
            return refused_response(request, refused)
        return self.get_response(request)
