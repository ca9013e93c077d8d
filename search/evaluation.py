"""Search relevance as figures: the held-in query set (``search/relevance/queries.toml``) run
through the public search's own analysis on each engine, over every guide of the catalogue.

A query succeeds at *k* when a guide whose name the query accepts is among the first *k*
results (names compared after NFKC, so full- and half-width brackets are alike). The figures per
kind of query and per engine: success@1, success@3, mean reciprocal rank over the first page,
and the share of queries answered with nothing. Out-of-domain queries accept nothing: for them
the zero-result and low-confidence shares are what count.

The catalogue of a county is mostly drafts on day one, and drafts are not in the public index,
so the evaluation indexes every guide, live or draft, into engines of its own
(``evaluation_engines``): Elasticsearch under a temporary alias, dropped at the end, and the
embedded index inside a transaction that is rolled back, so the public site never sees them.
"""

from __future__ import annotations

import tomllib
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from search import engines, public
from search.best_bets import best_bets
from search.documents import document_for, guides_to_index
from search.engines.base import PAGE_SIZE, Engine

QUERIES = Path(__file__).resolve().parent / "relevance" / "queries.toml"
OUT_OF_DOMAIN = "out_of_domain"
KINDS = (
    "short",
    "colloquial",
    "question",
    "spoken",
    "traditional",
    "pinyin",
    "typo",
    "exact",
    OUT_OF_DOMAIN,
)
IN_DOMAIN = "in-domain"  # every kind but out_of_domain


def same_name(name: str) -> str:
    """A matter name as the comparison sees it (full-width brackets and digits folded)."""
    return unicodedata.normalize("NFKC", name).strip()


@dataclass(frozen=True)
class Case:
    """One query of the set and the matters that answer it."""

    text: str
    kind: str
    accept: frozenset[str]
    place: str = ""


def load_cases(path: Path = QUERIES) -> list[Case]:
    """The query set: ``[[query]]`` tables of ``q``, ``kind``, ``accept`` and ``place``."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    cases = []
    for entry in data["query"]:
        if entry["kind"] not in KINDS:
            raise ValueError(f"{path}: unknown kind {entry['kind']!r} of {entry['q']!r}")
        cases.append(
            Case(
                text=entry["q"],
                kind=entry["kind"],
                accept=frozenset(same_name(name) for name in entry.get("accept", [])),
                place=entry.get("place", ""),
            )
        )
    return cases


@dataclass(frozen=True)
class Outcome:
    """What one engine answered to one case."""

    case: Case
    titles: list[str]  # the first page's titles
    total: int
    confident: bool
    suggestion: str | None

    @property
    def rank(self) -> int | None:
        """The position (from 1) of the first accepted guide on the first page."""
        for position, title in enumerate(self.titles, 1):
            if same_name(title) in self.case.accept:
                return position
        return None


def answer(engine: Engine, case: Case) -> Outcome:
    """The engine's first page for the case's text, analysed as the public search analyses it,
    best bets on top."""
    query = public.analyse(case.text)
    results = engine.search(query)
    hits, total, _ = public.pinned_first(results, best_bets(case.text))
    hits = [hit for hit, _ in public.collapsed(hits)]  # township copies as the page folds them
    suggestion = None if total else engine.did_you_mean(query)
    return Outcome(
        case=case,
        titles=[hit.title for hit in hits[:PAGE_SIZE]],
        total=total,
        confident=bool(hits) and results.confident,
        suggestion=suggestion,
    )


@dataclass(frozen=True)
class Figures:
    """The figures of a group of outcomes (success and rank only for in-domain queries)."""

    queries: int
    success_1: float
    success_3: float
    mrr: float
    zero: float  # share answered with no result at all
    unsure: float  # share answered with nothing confident (no result, or low confidence)
    wrong_suggestions: int  # "did you mean" naming a matter the query does not accept

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Figures:
        n = len(outcomes)
        if not n:
            return cls(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
        ranks = [o.rank for o in outcomes]
        return cls(
            queries=n,
            success_1=sum(r == 1 for r in ranks) / n,
            success_3=sum(r is not None and r <= 3 for r in ranks) / n,
            mrr=sum(1 / r for r in ranks if r) / n,
            zero=sum(o.total == 0 for o in outcomes) / n,
            unsure=sum(not o.confident for o in outcomes) / n,
            wrong_suggestions=sum(
                o.suggestion is not None and same_name(o.suggestion) not in o.case.accept
                for o in outcomes
            ),
        )


def figures(outcomes: list[Outcome]) -> dict[str, Figures]:
    """Figures per kind, for the in-domain queries together, and for all of them."""
    by_kind = {kind: [o for o in outcomes if o.case.kind == kind] for kind in KINDS}
    table = {kind: Figures.of(found) for kind, found in by_kind.items() if found}
    table[IN_DOMAIN] = Figures.of([o for o in outcomes if o.case.kind != OUT_OF_DOMAIN])
    return table


def run(engine: Engine, cases: Iterable[Case]) -> list[Outcome]:
    return [answer(engine, case) for case in cases]


@contextmanager
def evaluation_engines(
    names: Iterable[str] = ("database", "elasticsearch"),
) -> Iterator[dict[str, Engine]]:
    """Engines holding every guide, live or draft, invisible to the public search.

    The embedded index is rebuilt inside a transaction that is rolled back on the way out
    (public readers keep seeing the committed index meanwhile; an editor's save waits for the
    index's lock until the evaluation ends). Elasticsearch gets an index under a temporary
    alias of its own, deleted on the way out. Elasticsearch is left out when it is not
    configured."""
    from search.engines.elastic import ElasticsearchEngine

    names = list(names)
    guides = guides_to_index(drafts=True)
    documents = [document_for(guide) for guide in guides.iterator(chunk_size=200)]
    chosen: dict[str, Engine] = {}
    with transaction.atomic():
        try:
            if "database" in names:
                chosen["database"] = engines.embedded()
                chosen["database"].rebuild(documents, len(documents))
            if "elasticsearch" in names and engines.elasticsearch_configured():
                alias = f"{settings.SEARCH_INDEX}-evaluation-{uuid.uuid4().hex[:12]}"
                chosen["elasticsearch"] = ElasticsearchEngine(alias=alias, timeout=30)
                chosen["elasticsearch"].rebuild(documents, len(documents))
            yield chosen
        finally:
            if "elasticsearch" in chosen:
                chosen["elasticsearch"].drop()
            transaction.set_rollback(True)
