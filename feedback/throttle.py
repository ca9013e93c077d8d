"""Per-client limits on anonymous posts, counted in Django's cache.

Self-contained (Django only), so another app can use it, or it can move to a lower app as it
is. The client is the connection's address (``REMOTE_ADDR``): behind a reverse proxy, the
proxy must pass the client's address on (gunicorn's ``--forwarded-allow-ips`` does), or every
citizen counts as one client. With the default local-memory cache each worker process counts
on its own; a shared cache (Redis, Memcached) in CACHES makes the limit exact.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Count one more post by ``client`` in ``scope``; False past ``limit`` in the window.

    The window starts with the client's first post (a fixed window, not a sliding one).
    """
    key = f"throttle:{scope}:{client}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def too_many_json(window_seconds: int) -> HttpResponse:
    response = JsonResponse(
        {
            "errors": {"__all__": _("Too many submissions from your network. Try again later.")},
            "code": "throttled",
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(window_seconds)
    return response


def throttle(
    scope: str,
    limit: Callable[[], int],
    window_seconds: int = 3600,
    refuse: Callable[[HttpRequest, int], HttpResponse] | None = None,
):
    """Decorate a view: POSTs past ``limit()`` per client in the window get ``refuse`` (a 429
    JSON body by default). ``limit`` is read per request, so settings overrides apply."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method == "POST" and not allow(
                scope, client_address(request), limit(), window_seconds
            ):
                if refuse is not None:
                    return refuse(request, window_seconds)
                return too_many_json(window_seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
