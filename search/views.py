"""The public search page.

A first version that matches every word of the query against names, colloquial names, summaries
and codes in the database. The search issue replaces its internals (Chinese analysis, pinyin,
synonyms, the nearest service point) behind the same address.
"""

from functools import reduce
from operator import and_

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from guides.models import GuidePage

MAX_QUERY_LENGTH = 100
SEARCHED_FIELDS = ("title", "other_names", "summary", "code")


def matching(word: str) -> Q:
    return reduce(lambda q, field: q | Q(**{f"{field}__icontains": word}), SEARCHED_FIELDS, Q())


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = query.split()
    results = (
        GuidePage.objects.live().filter(reduce(and_, map(matching, words))).order_by("title")
        if words
        else GuidePage.objects.none()
    )
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page": page})
