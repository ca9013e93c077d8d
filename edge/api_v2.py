"""Wagtail's API v2 endpoints with their query parameters checked before any query.

Wagtail reads ``site``, ``offset``, ``limit``, ``search`` and ``search_operator`` as given:
an unknown site or a port that is not a number raises inside the view, a 20-digit offset or id
overflows PostgreSQL's bigint, a blank search or an operator other than and/or fails in the
search backend; each was a 500. ``CheckedParameters`` refuses them first, and answers every
refusal (Wagtail's own BadRequestError and 404s too) in the shape of ``edge.errors``, keeping
Wagtail's ``message`` for its existing clients.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from edge.errors import Refused

MAX_DIGITS = 15  # an id or offset beyond this is out of every table
MAX_SEARCH = 100  # as the public search (search.forms.MAX_QUERY)
NUMBER = re.compile(r"-?\d+")
SITE = re.compile(r"(?P<hostname>[^:]+)(?::(?P<port>\d{1,5}))?")
OPERATORS = {"and", "or"}


def bad_parameter(name: str, message: str) -> Refused:
    return Refused("invalid_parameter", message, field=name)


def check_numbers(query) -> None:
    """No parameter holds a number too long for a database column (offset, ids, filters)."""
    for name, value in query.items():
        if NUMBER.fullmatch(value.strip()) and len(value.strip().lstrip("-")) > MAX_DIGITS:
            raise bad_parameter(name, _("%(name)s: the number is too large.") % {"name": name})


def check_site(value: str) -> None:
    found = SITE.fullmatch(value.strip())
    if found is None:
        raise bad_parameter(
            "site", _("site: give a host name, optionally with a port, e.g. example.gov.cn:443.")
        )
    query = {"hostname": found["hostname"]}
    if found["port"]:
        query["port"] = int(found["port"])
    if not Site.objects.filter(**query).exists():
        raise Refused("unknown_site", _("site: no site has this host name."), field="site")


def check_search(query) -> None:
    if "search" in query:
        words = query["search"].strip()
        if not words:
            raise bad_parameter("search", _("search: give something to search for."))
        if len(words) > MAX_SEARCH:
            raise bad_parameter(
                "search", _("search: at most %(max)d characters.") % {"max": MAX_SEARCH}
            )
    operator = query.get("search_operator")
    if operator is not None and operator not in OPERATORS:
        raise bad_parameter("search_operator", _("search_operator: either and or or."))


def check_parameters(request: HttpRequest, kwargs: dict) -> None:
    check_numbers(request.GET)
    pk = str(kwargs.get("pk", ""))
    if len(pk) > MAX_DIGITS:
        raise Http404
    if "site" in request.GET:
        check_site(request.GET["site"])
    check_search(request.GET)


def refused_response(refused: Refused, status: int | None = None) -> Response:
    return Response(
        {
            "errors": {refused.field: refused.message},
            "code": refused.code,
            "message": refused.message,
        },
        status=status or refused.status,
    )


class CheckedParameters:
    """Mixin for a Wagtail API v2 viewset, before its base class."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request, kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, Refused):
            return refused_response(exc)
        if isinstance(exc, BadRequestError):
            return refused_response(Refused("invalid_parameter", str(exc)))
        if isinstance(exc, Http404):
            return refused_response(Refused("not_found", _("Not found.")), 404)
        return super().handle_exception(exc)
