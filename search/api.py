"""The JSON API of the search: /api/search/ and /api/suggest/ (a guide's places are the self
check's: ``selfcheck.views.places_api``).

Thin views: parameters through ``search.forms``, answers from ``search.public``; bad input is a
400 in the shape of ``edge.errors`` (code ``invalid``) naming each wrong parameter.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from edge.errors import refusal, refusals
from search import public
from search.forms import MAX_QUERY, SearchForm, form_errors


def ok(body: dict) -> JsonResponse:
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return refusals("invalid", form_errors(form))
    q = form.cleaned_data["q"]
    if not q:
        return refusal("invalid", _("Give something to search for."), field="q")
    result = public.search(
        q,
        location=form.location,
        filters=form.filters,
        page=form.cleaned_data["page"] or 1,
        literal=form.cleaned_data["literal"],
    )
    results = []
    for row in result.results:
        item = {
            "code": row.hit.code,
            "title": row.hit.title,
            "url": row.hit.url,
            "highlight": row.hit.highlight,
            "online": row.hit.online,
            "best_bet": row.best_bet,
            "copies": row.copies,
        }
        if result.location:
            item["nearest"] = row.nearest.as_json() if row.nearest else None
        results.append(item)
    return ok(
        {
            "results": results,
            "total": result.total,
            "page": result.page,
            "facets": {
                key: [{"value": f.value, "count": f.count} for f in counts]
                for key, counts in result.facets.items()
            },
            "suggestion": result.suggestion,
            "understood": result.understood.as_json(),
            "engine": result.engine,
            "fell_back": result.fell_back,
        }
    )


@require_GET
def suggest(request):
    q = request.GET.get("q", "").strip()
    if len(q) > MAX_QUERY:
        return refusal("invalid", _("At most %(max)d characters.") % {"max": MAX_QUERY}, field="q")
    return ok({"query": q, "suggestions": public.suggest(q) if q else []})
