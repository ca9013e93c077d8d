"""The admin report editors read to know which aliases and synonyms are missing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone

from search.models import QueryLog

DAYS = 30


def top_zero_result_queries(days: int = DAYS, limit: int = 50):
    since = timezone.now() - dt.timedelta(days=days)
    return (
        QueryLog.objects.filter(total=0, created_at__gte=since)
        .values("query")
        .annotate(times=Count("id"), last=Max("created_at"))
        .order_by("-times", "-last")[:limit]
    )


def zero_results(request):
    if not request.user.has_perm("search.view_querylog"):
        raise PermissionDenied
    return render(
        request,
        "search/admin/zero_results.html",
        {"rows": top_zero_result_queries(), "days": DAYS},
    )
