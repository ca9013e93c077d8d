"""Per-client counts in Django's cache: how many times a client did something in a window.

The client is the connection's address (``REMOTE_ADDR``): behind a reverse proxy, the proxy
must pass the client's address on (gunicorn's ``--forwarded-allow-ips`` does), or every citizen
counts as one client. With the default local-memory cache each worker process counts on its own;
a shared cache (Redis, Memcached) in CACHES makes the limits exact.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def key(scope: str, client: str) -> str:
    return f"edge:{scope}:{client}"


def count(scope: str, client: str, window_seconds: int) -> int:
    """Count one more event of ``client`` in ``scope``; the number so far in the window.

    The window starts with the client's first event (a fixed window, not a sliding one).
    """
    name = key(scope, client)
    cache.add(name, 0, timeout=window_seconds)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window_seconds)
        return 1


def so_far(scope: str, client: str) -> int:
    return cache.get(key(scope, client), 0)


def forget(scope: str, client: str) -> None:
    cache.delete(key(scope, client))
