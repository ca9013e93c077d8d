"""Editors' synonyms, applied to each query as it arrives (no reindex, no deploy)."""

from __future__ import annotations

from collections.abc import Collection

from guides.held import held
from search import text
from search.models import Synonym

LONGEST_PHRASE = 12  # characters; longer stretches of a query are not looked up


@held(Synonym)
def _meanings_of() -> dict[str, list[str]]:
    """Phrase → what it means, for the phrases in use."""
    return {
        synonym.phrase: synonym.meaning_list for synonym in Synonym.objects.filter(enabled=True)
    }


def phrases() -> Collection[str]:
    """The phrases in use (normalised): the understanding of a question keeps them whole."""
    return _meanings_of()


def meanings(query: str) -> list[str]:
    """What the synonym list says the query, or any stretch of it, means."""
    query = text.normalise(query)
    table = _meanings_of()
    stretches = {
        query[i : i + n]
        for n in range(1, min(LONGEST_PHRASE, len(query)) + 1)
        for i in range(len(query) - n + 1)
    }
    found = sorted(stretch for stretch in stretches if stretch in table)
    return list(dict.fromkeys(meaning for phrase in found for meaning in table[phrase]))
