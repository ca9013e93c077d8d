"""Editors' best bets: guides pinned to the top of the results for a query."""

from __future__ import annotations

from collections import defaultdict

from guides.held import held
from guides.models import GuidePage
from search import text
from search.models import BestBet


@held(BestBet)
def _pinned() -> dict[str, list[int]]:
    """Query → the ids of the guides pinned for it, in the editors' order."""
    pinned: defaultdict[str, list[int]] = defaultdict(list)
    for query, guide_id in BestBet.objects.order_by("query", "sort_order").values_list(
        "query", "guide_id"
    ):
        pinned[query].append(guide_id)
    return dict(pinned)


def best_bets(query: str) -> list[GuidePage]:
    """The live guides pinned for ``query``, in the editors' order."""
    ids = _pinned().get(text.normalise(query), [])
    # Most queries have no best bet: the guides, a wide query to build, are read only for those.
    guides = GuidePage.objects.live().in_bulk(ids) if ids else {}
    return [guides[pk] for pk in ids if pk in guides]
