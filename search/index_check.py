"""Comparing each engine's index with the database, and repairing what differs.

The database is the truth: every live guide must be in each index with the document
``search.documents.document_for`` makes of it now (its title, address, aliases, body, facets …),
and nothing else may be. A document equal to today's is up to date whenever the guide was last
published; one that differs in anything the search reads is stale. The embedded index is also
checked inside: each term's bitmap must hold exactly the guides whose rows list that term.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from search import engines, indexing
from search.documents import GuideDocument, document_for, guides_to_index
from search.engines import bitsets
from search.engines.database import terms_of
from search.models import IndexBitmap, IndexedGuide, PendingUpdate


@dataclass
class Drift:
    """How one engine's index differs from the database (page ids)."""

    engine: str
    live: int  # live guides in the database
    missing: list[int] = field(default_factory=list)  # live, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not live
    stale: list[int] = field(default_factory=list)  # in the index with another document
    broken_terms: int = 0  # embedded only: bitmaps that disagree with the guides' rows
    no_index: bool = False  # Elasticsearch only: the alias does not exist (never rebuilt)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.broken_terms or self.no_index)

    def summary(self) -> str:
        if self.no_index:
            return f"{self.engine}: no index (run search_index rebuild)"
        return (
            f"{self.engine}: {self.live} live guides; {len(self.missing)} missing, "
            f"{len(self.extra)} extra, {len(self.stale)} stale"
            + (f", {self.broken_terms} term bitmaps wrong" if self.broken_terms else "")
        )


def expected_documents() -> dict[int, GuideDocument]:
    """Every live guide's document as the database gives it now."""
    return {g.pk: document_for(g) for g in guides_to_index().iterator(chunk_size=200)}


def _embedded_row(doc: GuideDocument) -> tuple:
    terms = frozenset((int(kind), term) for kind, term in terms_of(doc))
    return doc.code, doc.title, doc.url, "\n".join(doc.aliases), doc.body, terms


def _stored_terms(terms: str) -> frozenset[tuple[int, str]]:
    lines = (line.split("\t", 1) for line in terms.split("\n") if line)
    return frozenset((int(kind), term) for kind, term in lines)


def compare_embedded(expected: dict[int, GuideDocument]) -> Drift:
    drift = Drift("database", len(expected))
    rows = IndexedGuide.objects.values_list(
        "page_id", "number", "code", "title", "url", "aliases", "body", "terms"
    )
    postings: dict[tuple[int, str], int] = defaultdict(int)
    indexed = set()
    for page_id, number, code, title, url, aliases, body, terms in rows.iterator():
        indexed.add(page_id)
        stored_terms = _stored_terms(terms)
        for key in stored_terms:
            postings[key] |= 1 << number
        doc = expected.get(page_id)
        if doc is None:
            drift.extra.append(page_id)
        elif (code, title, url, aliases, body, stored_terms) != _embedded_row(doc):
            drift.stale.append(page_id)
    drift.missing = sorted(set(expected) - indexed)
    bitmaps = IndexBitmap.objects.values_list("kind", "term", "guides")
    for kind, term, guides in bitmaps.iterator():
        if postings.pop((kind, term), 0) != bitsets.from_bytes(bytes(guides)):
            drift.broken_terms += 1
    drift.broken_terms += len(postings)  # terms some guide lists that have no bitmap
    drift.extra.sort()
    drift.stale.sort()
    return drift


def compare_elasticsearch(engine, expected: dict[int, GuideDocument]) -> Drift:
    """``engine``: an ``ElasticsearchEngine``; its documents are read whole with a scroll."""
    from elasticsearch import helpers

    from search.engines.elastic import GuideDoc

    drift = Drift(engine.name, len(expected))
    if not engine.client.indices.exists_alias(name=engine.alias):
        drift.no_index = True
        return drift
    client = engine.client.options(request_timeout=60)
    engine.client.indices.refresh(index=engine.alias)
    indexed = set()
    for hit in helpers.scan(client, index=engine.alias, query={"query": {"match_all": {}}}):
        page_id = int(hit["_id"])
        indexed.add(page_id)
        doc = expected.get(page_id)
        if doc is None:
            drift.extra.append(page_id)
        elif hit["_source"] != GuideDoc.of(doc).to_dict():
            drift.stale.append(page_id)
    drift.missing = sorted(set(expected) - indexed)
    drift.extra.sort()
    drift.stale.sort()
    return drift


def check() -> list[Drift]:
    """How every configured engine's index differs from the database."""
    expected = expected_documents()
    drifts = []
    for engine in engines.all_engines():
        if engine.name == "database":
            drifts.append(compare_embedded(expected))
        else:
            drifts.append(compare_elasticsearch(engine, expected))
    return drifts


def repair(drifts: list[Drift]) -> None:
    """Rewrites what ``check`` found: guides missing, extra or stale go through the outbox
    (recorded, then written to every engine); an index whose bitmaps disagree with its rows, or
    an Elasticsearch alias that does not exist, is rebuilt whole."""
    ids = sorted({pid for d in drifts for pid in (*d.missing, *d.extra, *d.stale)})
    with transaction.atomic():
        PendingUpdate.objects.bulk_create([PendingUpdate(page_id=pid) for pid in ids])
    indexing.write_pending(ids)
    rebuild = {d.engine for d in drifts if d.broken_terms or d.no_index}
    for engine in engines.all_engines():
        if engine.name in rebuild:
            guides = guides_to_index()
            engine.rebuild(
                (document_for(g) for g in guides.iterator(chunk_size=200)), guides.count()
            )
