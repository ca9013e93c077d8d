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


def rewritten(query: str) -> str:
    """The query in the catalogue's words: each stretch the synonym list knows, longest first
    from the left, replaced by its first meaning (车子过户 → 车子转移登记), so a guide that
    answers the whole question outranks one that answers only one of its phrases."""
    query = text.normalise(query)
    table = _meanings_of()
    out, i = [], 0
    while i < len(query):
        for n in range(min(LONGEST_PHRASE, len(query) - i), 0, -1):
            if (meaning := table.get(query[i : i + n])) and meaning:
                out.append(meaning[0])
                i += n
                break
        else:
            out.append(query[i])
            i += 1
    return "".join(out)
