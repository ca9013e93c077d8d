"""The embedded engine: an inverted index in two tables of the site's own database.

It needs nothing but the database (SQLite for the quick start, PostgreSQL in production), and it
is what the public search falls back to when Elasticsearch is down. Terms come from
``search.text``, exactly as for Elasticsearch; scoring counts the query terms a guide matches in
each field, names weighing more than the body.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, Q

from search import text
from search.documents import GuideDocument
from search.engines.base import FACETS, MIN_SHARE, PAGE_SIZE, FacetCount, Hit, Query, Results
from search.highlight import Highlighter
from search.models import IndexedGuide, IndexTerm

Kind = IndexTerm.Kind
# Points per matched query term, by field.
WEIGHTS = {
    Kind.NAME: 60,
    Kind.CODE: 100,
    Kind.PINYIN: 30,
    Kind.NAME_WORD: 6,
    Kind.NAME_CHARS: 4,
    Kind.SOUND: 3,
    Kind.BODY_WORD: 1,
    Kind.BODY_CHARS: 1,
}
BATCH = 500


def terms_of(doc: GuideDocument) -> set[tuple[int, str]]:
    names = doc.names
    terms = {(Kind.NAME, text.normalise(n)[:64]) for n in names}
    terms.add((Kind.CODE, doc.code.lower()))
    terms.update((Kind.PINYIN, key[:64]) for key in doc.pinyin)
    terms.update((Kind.SOUND, s) for s in doc.sounds)
    for name in names:
        terms.update((Kind.NAME_WORD, w[:64]) for w in text.words(name))
        terms.update((Kind.NAME_CHARS, c) for c in text.characters(name))
    terms.update((Kind.BODY_WORD, w[:64]) for w in text.words(doc.body))
    terms.update((Kind.BODY_CHARS, c) for c in text.characters(doc.body) if len(c) == 2)
    return terms


def _row(doc: GuideDocument) -> IndexedGuide:
    return IndexedGuide(
        page_id=doc.page_id,
        code=doc.code,
        title=doc.title,
        url=doc.url,
        aliases="\n".join(doc.aliases),
        body=doc.body,
        online=doc.online,
        immediate=doc.immediate,
        cross_township=doc.cross_township,
        themes=_bars(doc.themes),
        life_events=_bars(doc.life_events),
        implementing_body=doc.implementing_body,
    )


def _bars(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def _unbar(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def _needed(terms: list[str]) -> int:
    return max(1, math.ceil(MIN_SHARE * len(terms)))


class DatabaseEngine:
    name = "database"

    # --- indexing --------------------------------------------------------------------------

    def index(self, documents: list[GuideDocument]) -> None:
        with transaction.atomic():
            self.remove([doc.page_id for doc in documents])
            IndexedGuide.objects.bulk_create([_row(doc) for doc in documents])
            IndexTerm.objects.bulk_create(
                (
                    IndexTerm(guide_id=doc.page_id, kind=kind, term=term)
                    for doc in documents
                    for kind, term in terms_of(doc)
                ),
                batch_size=5000,
            )

    def remove(self, page_ids: list[int]) -> None:
        IndexTerm.objects.filter(guide_id__in=page_ids).delete()
        IndexedGuide.objects.filter(page_id__in=page_ids).delete()

    def rebuild(self, documents, total: int, progress=None) -> None:
        """Replaces the whole index in one transaction: readers see the old one until the end."""
        with transaction.atomic():
            IndexTerm.objects.all().delete()
            IndexedGuide.objects.all().delete()
            batch: list[GuideDocument] = []
            for doc in documents:
                batch.append(doc)
                if len(batch) == BATCH:
                    self.index(batch)
                    progress and progress(len(batch))
                    batch = []
            if batch:
                self.index(batch)
                progress and progress(len(batch))

    # --- searching -------------------------------------------------------------------------

    def _matches(self, phrase: str, guides) -> dict[int, int]:
        """guide id → score for one phrase."""
        chars = list(dict.fromkeys(text.characters(phrase)))
        words = list(dict.fromkeys(text.words(phrase)))
        sounds = list(dict.fromkeys(text.sounds(phrase)))
        pinyin = text.latin_query(phrase)
        wanted = (
            Q(kind=Kind.NAME, term=phrase[:64])
            | Q(kind=Kind.CODE, term=phrase)
            | Q(kind__in=[Kind.NAME_CHARS, Kind.BODY_CHARS], term__in=chars)
            | Q(kind__in=[Kind.NAME_WORD, Kind.BODY_WORD], term__in=words)
            | Q(kind=Kind.SOUND, term__in=sounds)
        )
        if pinyin and len(pinyin) > 1:
            wanted |= Q(kind=Kind.PINYIN, term__startswith=pinyin)
        counts = {f"k{kind}": Count("id", filter=Q(kind=kind)) for kind in Kind}
        score = sum((F(f"k{kind}") * weight for kind, weight in WEIGHTS.items()), start=0)
        # Enough of the phrase matched in one field: a name, a code, a pinyin key, or a share
        # of its characters, words or syllable pairs.
        enough = Q(k8__gt=0) | Q(k7__gt=0) | Q(k6__gt=0)
        for kind, terms in (
            (Kind.NAME_CHARS, chars),
            (Kind.BODY_CHARS, [c for c in chars if len(c) == 2]),  # the body keeps pairs only
            (Kind.NAME_WORD, words),
            (Kind.SOUND, sounds),
        ):
            if terms:
                enough |= Q(**{f"k{kind}__gte": _needed(terms)})
        rows = (
            IndexTerm.objects.filter(wanted, guide__in=guides)
            .values("guide_id")
            .annotate(**counts)
            .annotate(score=score)
            .filter(enough)
            .values_list("guide_id", "score")
        )
        return dict(rows)

    def _filtered(self, query: Query):
        f = query.filters
        guides = IndexedGuide.objects.all()
        for flag in ("online", "immediate", "cross_township"):
            if getattr(f, flag):
                guides = guides.filter(**{flag: True})
        if f.theme:
            guides = guides.filter(themes__contains=f"|{f.theme}|")
        if f.life_event:
            guides = guides.filter(life_events__contains=f"|{f.life_event}|")
        if f.implementing_body:
            guides = guides.filter(implementing_body=f.implementing_body)
        return guides

    def search(self, query: Query) -> Results:
        guides = self._filtered(query)
        scores: dict[int, int] = {}
        for phrase in query.phrases:
            for guide_id, score in self._matches(phrase, guides.values("page_id")).items():
                scores[guide_id] = max(score, scores.get(guide_id, 0))
        ranked = sorted(scores, key=lambda gid: (-scores[gid], gid))
        page_ids = ranked[query.offset : query.offset + PAGE_SIZE]
        rows = IndexedGuide.objects.in_bulk(page_ids)
        highlight = Highlighter(query.phrases)
        hits = [
            Hit(
                page_id=row.page_id,
                code=row.code,
                title=row.title,
                url=row.url,
                highlight=highlight(row.title, row.aliases.splitlines(), row.body),
                online=row.online,
            )
            for row in (rows[pid] for pid in page_ids)
        ]
        return Results(hits, len(ranked), self._facets(scores), self.name)

    def _facets(self, page_ids) -> dict[str, list[FacetCount]]:
        counters = {key: Counter() for key, _ in FACETS}
        fields = [key for key, _ in FACETS]
        for row in IndexedGuide.objects.filter(page_id__in=list(page_ids)).values_list(*fields):
            for (key, kind), value in zip(FACETS, row, strict=True):
                if kind == "bool":
                    counters[key][key] += bool(value)
                elif kind == "list":
                    counters[key].update(_unbar(value))
                elif value:
                    counters[key][value] += 1
        return {
            key: [FacetCount(v, n) for v, n in sorted(c.items(), key=lambda i: (-i[1], i[0])) if n]
            for key, c in counters.items()
        }

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = text.normalise(prefix)
        if not prefix:
            return []
        pinyin = text.latin_query(prefix)
        kind = Kind.PINYIN if pinyin else Kind.NAME
        ids = IndexTerm.objects.filter(kind=kind, term__startswith=pinyin or prefix).values(
            "guide_id"
        )
        titles = IndexedGuide.objects.filter(page_id__in=ids).order_by("title")
        return list(titles.values_list("title", flat=True)[:limit])

    def did_you_mean(self, query: Query) -> str | None:
        """The name that sounds most like the query, for a query that matched nothing."""
        spoken = text.latin_query(query.text) or text.spoken(query.text)
        if len(spoken) < 3:
            return None
        candidates = IndexTerm.objects.filter(
            kind=Kind.PINYIN, term__startswith=spoken[:2]
        ).values_list("term", "guide__title")
        best = difflib.get_close_matches(spoken, dict(candidates), n=1, cutoff=0.75)
        return dict(candidates)[best[0]] if best else None
