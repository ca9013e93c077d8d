"""Editors' synonyms, applied to each query as it arrives (no reindex, no deploy)."""

from __future__ import annotations

from search import text
from search.models import Synonym

LONGEST_PHRASE = 12  # characters; longer stretches of a query are not looked up


def meanings(query: str) -> list[str]:
    """What the synonym list says the query, or any stretch of it, means."""
    query = text.normalise(query)
    stretches = {
        query[i : i + n]
        for n in range(1, min(LONGEST_PHRASE, len(query)) + 1)
        for i in range(len(query) - n + 1)
    }
    found = Synonym.objects.filter(phrase__in=stretches).order_by("phrase")
    return list(dict.fromkeys(m for synonym in found for m in synonym.meaning_list))
