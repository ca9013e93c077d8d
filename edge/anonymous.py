"""The decorator of public JSON routes that take no session: ``@anonymous_api("scope")``.

Such a route is exempt from CSRF because it never acts as anyone: it sees an anonymous user and
an empty session whatever cookies the browser sent, so a cross-site request cannot act as a
signed-in clerk. Staff act through the admin, whose forms are CSRF-protected. Its state-changing
requests (POST, and GETs that write, such as a printed form) are throttled per client
(``ANONYMOUS_POSTS_PER_HOUR``, or the route's own limit), refused past the limit with a 429 in
the shape of ``edge.errors`` (or the route's own page, for a form).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from edge.errors import refusal
from edge.throttle import client_address, count

WINDOW_SECONDS = 3600


def as_nobody(request: HttpRequest) -> None:
    """Forget who sent the request: no user, and a new session that no cookie fills."""
    anonymous = AnonymousUser()
    request.user = anonymous

    async def auser():
        return anonymous

    request.auser = auser
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()


def call_as_nobody(view: Callable[..., HttpResponse], request: HttpRequest, *args, **kwargs):
    """The view's answer to the request without its sender's session.

    The browser's own session goes back on the request for the session middleware, untouched:
    an empty session there would make the middleware delete the clerk's cookie.
    """
    session = getattr(request, "session", None)
    as_nobody(request)
    try:
        return view(request, *args, **kwargs)
    finally:
        if session is not None:
            request.session = session


def too_many() -> HttpResponse:
    response = refusal(
        "throttled", _("Too many requests from your network. Try again later."), status=429
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def anonymous_posts_per_hour() -> int:
    return settings.ANONYMOUS_POSTS_PER_HOUR


def within_limit(request: HttpRequest, scope: str, limit: int) -> bool:
    return count(scope, client_address(request), WINDOW_SECONDS) <= limit


def anonymous_api(
    scope: str,
    counted: tuple[str, ...] = ("POST",),
    limit: Callable[[], int] = anonymous_posts_per_hour,
    refuse: Callable[[HttpRequest], HttpResponse] | None = None,
) -> Callable:
    """Decorate a public view: CSRF-exempt, sessionless, its ``counted`` methods (POSTs by
    default) limited per client in ``scope`` to ``limit()`` an hour (read per request, so a
    settings override applies). Past the limit, ``refuse(request)`` answers (a page for a form
    posted by a browser), or a JSON 429."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in counted and not within_limit(request, scope, limit()):
                return refuse(request) if refuse is not None else too_many()
            return call_as_nobody(view, request, *args, **kwargs)

        return wrapper

    return decorate
