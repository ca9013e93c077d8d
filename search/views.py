"""The public search page.

A first version on Wagtail's database search; the Elasticsearch engine with Chinese analysis,
pinyin, synonyms and the nearest service point replaces its internals, not its address.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from guides.models import GuidePage

MAX_QUERY_LENGTH = 100


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = GuidePage.objects.live().search(query) if query else GuidePage.objects.none()
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page": page})
