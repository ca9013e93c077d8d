"""The search's part of the demo county: the county's own synonyms and best bets from
``demo_synonyms.toml``, the platform's lexicon, and the embedded index built. Idempotent, like
``load_demo`` itself, and like the lexicon's load it never overwrites a synonym an editor changed.
(An Elasticsearch index is built with ``manage.py search_index rebuild``.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

from guides.models import GuidePage
from search import engines, lexicon_table
from search.documents import document_for, guides_to_index
from search.models import BestBet, Synonym

DATA = Path(__file__).with_name("demo_synonyms.toml")


def load_demo_search() -> dict[str, int]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    # The county's rows are editors' rows, written first so the lexicon leaves them be.
    for row in data["synonyms"]:
        Synonym.objects.get_or_create(
            phrase=row["phrase"],
            defaults={"means": "\n".join(row["means"]), "source": Synonym.Source.EDITOR},
        )
    lexicon = lexicon_table.load()
    for order, row in enumerate(data["best_bets"]):
        guide = GuidePage.objects.get(code=row["guide"])
        BestBet.objects.update_or_create(
            query=row["query"], guide=guide, defaults={"sort_order": order}
        )
    guides = guides_to_index()
    engines.embedded().rebuild((document_for(g) for g in guides), guides.count())
    return {
        "search synonyms": len(data["synonyms"]),
        **lexicon.as_counts(),
        "best bets": len(data["best_bets"]),
        "indexed guides": guides.count(),
    }
