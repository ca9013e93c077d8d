"""The contract both engines keep: the same query in, the same result objects out."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

from guides.progress import Progress
from search import text
from search.documents import GuideDocument

PAGE_SIZE = 10
# Share of a phrase's characters, words or syllable pairs a guide must match in one field to be
# a result at all (both engines): enough for a typo (不动产登纪 matches 7 of 9), not for one
# common character.
MIN_SHARE = 0.7


def needed(terms: list[str]) -> int:
    """How many of a phrase's ``terms`` of one field a guide must have (MIN_SHARE)."""
    return max(1, math.ceil(MIN_SHARE * len(terms)))


# Facets in the order the page shows them: (key, kind). Boolean facets count the true ones.
FACETS = (
    ("online", "bool"),
    ("immediate", "bool"),
    ("cross_township", "bool"),
    ("themes", "list"),
    ("life_events", "list"),
    ("implementing_body", "value"),
)


@dataclass(frozen=True)
class Filters:
    online: bool = False
    immediate: bool = False
    cross_township: bool = False
    theme: str = ""
    life_event: str = ""
    implementing_body: str = ""


@dataclass
class Query:
    """A query analysed once, in Python, for whichever engine answers it."""

    text: str
    alternatives: list[str] = field(default_factory=list)  # from synonyms
    filters: Filters = field(default_factory=Filters)
    page: int = 1

    @property
    def phrases(self) -> list[str]:
        """The query and what synonyms say it means, each matched on its own."""
        phrases = (text.normalise(p) for p in (self.text, *self.alternatives))
        return list(dict.fromkeys(p for p in phrases if p))

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE


@dataclass
class Hit:
    page_id: int
    code: str
    title: str
    url: str
    highlight: str  # safe HTML: escaped text with <mark> around what matched
    online: bool = False


@dataclass
class FacetCount:
    value: str
    count: int


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]]
    engine: str
    confident: bool = True  # whether the best hit answers the query, not merely touches it


class Engine(Protocol):
    name: str

    def search(self, query: Query) -> Results: ...

    def suggest(self, prefix: str, limit: int = 8) -> list[str]: ...

    def did_you_mean(self, query: Query) -> str | None: ...

    def index(self, documents: list[GuideDocument]) -> None: ...

    def remove(self, page_ids: list[int]) -> None: ...

    def rebuild(self, documents, total: int, progress: Progress | None = None) -> None: ...
