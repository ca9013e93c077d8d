"""A province-sized, deterministic set of guide documents for the search benchmark.

The demo county's 37 guides (titles, aliases, bodies) are the vocabulary: each generated guide is
a demo matter as a given county or department publishes it — its title with a local qualifier,
the matter's own aliases, and a body of words drawn from the demo bodies. Facets are spread the
way the demo spreads them. Offers and service points are counted for the record: the search
documents do not carry them (the nearest place is computed per result from the database).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from search import text
from search.documents import GuideDocument, document_for, guides_to_index

PROVINCE = {"guides": 20_000, "points": 50_000, "offers": 1_000_000}
COUNTY = {"guides": 15_000}


@dataclass
class Vocabulary:
    seeds: list[GuideDocument]
    words: list[str]
    qualifiers: list[str]


def vocabulary() -> Vocabulary:
    """From the demo county (load_demo must have run)."""
    seeds = [document_for(g) for g in guides_to_index()]
    words = sorted({w for doc in seeds for w in text.words(doc.body) if len(w) > 1})
    qualifiers = sorted({w for doc in seeds for w in text.words(doc.body) if len(w) in (2, 3)})
    return Vocabulary(seeds, words, qualifiers[:400])


def documents(vocab: Vocabulary, count: int, seed: int = 7) -> Iterator[GuideDocument]:
    rng = random.Random(seed)
    for n in range(count):
        base = vocab.seeds[n % len(vocab.seeds)]
        qualifier = rng.choice(vocab.qualifiers)
        yield GuideDocument(
            page_id=1_000_000 + n,
            code=f"BENCH-{n:06d}",
            title=f"{base.title}（{qualifier}）" if n >= len(vocab.seeds) else base.title,
            url=f"/guides/bench-{n:06d}/",
            aliases=base.aliases,
            body=" ".join([base.body[:300], *rng.sample(vocab.words, 40)]),
            online=base.online,
            immediate=base.immediate,
            cross_township=base.cross_township,
            themes=base.themes,
            life_events=base.life_events,
            implementing_body=base.implementing_body,
        )
