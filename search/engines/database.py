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
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet

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
# What makes a guide match a phrase: any one term of these fields, or a share (MIN_SHARE) of
# the phrase's terms in one of those. Body words only add to the score.
WHOLE_KINDS = {Kind.NAME, Kind.CODE, Kind.PINYIN}
SHARED_KINDS = {Kind.NAME_CHARS, Kind.BODY_CHARS, Kind.NAME_WORD, Kind.SOUND}
MAX_PINYIN_KEYS = 200
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


def _facets(guides: Iterable[tuple]) -> dict[str, list[FacetCount]]:
    """Facet counts from each matched guide's facet values (in the order of ``FACETS``)."""
    counters = {key: Counter() for key, _ in FACETS}
    # Guides share few combinations of values: each combination is counted once.
    for values, guides_with_them in Counter(guides).items():
        for (key, kind), value in zip(FACETS, values, strict=True):
            if kind == "bool":
                counters[key][key] += guides_with_them if value else 0
            elif kind == "list":
                counters[key].update(dict.fromkeys(_unbar(value), guides_with_them))
            elif value:
                counters[key][value] += guides_with_them
    return {
        key: [FacetCount(v, n) for v, n in sorted(c.items(), key=lambda i: (-i[1], i[0])) if n]
        for key, c in counters.items()
    }


def _needed(terms: list[str]) -> int:
    return max(1, math.ceil(MIN_SHARE * len(terms)))


def _prefixed(prefix: str) -> Q:
    """Terms starting with ``prefix``, as a range the term index can answer; LIKE 'x%' can use
    it only under the C collation."""
    return Q(term__gte=prefix, term__lt=prefix + "\U0010ffff")


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

    def _phrase_scores(self, phrase: str) -> QuerySet:
        """(guide_id, score) of the guides that match one phrase."""
        chars = list(dict.fromkeys(text.characters(phrase)))
        words = list(dict.fromkeys(text.words(phrase)))
        wanted = {
            Kind.NAME: [phrase[:64]],
            Kind.CODE: [phrase],
            Kind.NAME_CHARS: chars,
            Kind.BODY_CHARS: [c for c in chars if len(c) == 2],  # the body keeps pairs only
            Kind.NAME_WORD: words,
            Kind.BODY_WORD: words,
            Kind.SOUND: list(dict.fromkeys(text.sounds(phrase))),
            Kind.PINYIN: self._pinyin_keys(text.latin_query(phrase)),
        }
        wanted = {kind: terms for kind, terms in wanted.items() if terms}
        # The WHERE names terms only, so PostgreSQL reads the postings from the (term, kind,
        # guide) index alone; each field's count then keeps its own terms.
        counts = {
            f"k{kind}": Count("guide_id", filter=Q(kind=kind, term__in=terms))
            for kind, terms in wanted.items()
        }
        score = sum((F(f"k{kind}") * WEIGHTS[kind] for kind in wanted), start=0)
        enough = Q()
        for kind, terms in wanted.items():
            if kind in WHOLE_KINDS:
                enough |= Q(**{f"k{kind}__gt": 0})
            elif kind in SHARED_KINDS:
                enough |= Q(**{f"k{kind}__gte": _needed(terms)})
        return (
            IndexTerm.objects.filter(term__in={t for terms in wanted.values() for t in terms})
            .values("guide_id")
            .annotate(**counts)
            .annotate(score=score)
            .filter(enough)
            .values("guide_id", "score")
        )

    def _matches(self, query: Query) -> list[tuple]:
        """(guide id, score, *facet values) of the guides that match the query: any of its
        phrases (a guide scores its best phrase), within its filters. One statement, so the
        guides table is joined once, after grouping: joined before, every posting would be
        looked up in it, and grouping by the facets as well would sort every posting by them."""
        phrases = [self._phrase_scores(p).query.sql_with_params() for p in query.phrases]
        keys = [key for key, _ in FACETS]
        guides = IndexedGuide.objects.filter(self._conditions(query)).values("page_id", *keys)
        guides_sql, guides_params = guides.query.sql_with_params()
        facets = ", ".join(f"g.{connection.ops.quote_name(key)}" for key in keys)
        union = " UNION ALL ".join(
            f"SELECT * FROM ({sql}) p{i}" for i, (sql, _) in enumerate(phrases)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.guide_id, m.score, {facets} FROM ("
                f"SELECT guide_id, MAX(score) AS score FROM ({union}) u GROUP BY guide_id"
                f") m JOIN ({guides_sql}) g ON g.page_id = m.guide_id",
                (*(param for _, params in phrases for param in params), *guides_params),
            )
            return cursor.fetchall()

    def _pinyin_keys(self, pinyin: str | None) -> list[str]:
        """The indexed pinyin keys that start with ``pinyin`` (one letter is too short)."""
        if not pinyin or len(pinyin) < 2:
            return []
        keys = IndexTerm.objects.filter(_prefixed(pinyin), kind=Kind.PINYIN).values_list(
            "term", flat=True
        )
        return list(keys.distinct()[:MAX_PINYIN_KEYS])

    def _conditions(self, query: Query) -> Q:
        """The query's filters, on ``IndexedGuide``."""
        f = query.filters
        conditions = Q()
        for flag in ("online", "immediate", "cross_township"):
            if getattr(f, flag):
                conditions &= Q(**{flag: True})
        if f.theme:
            conditions &= Q(themes__contains=f"|{f.theme}|")
        if f.life_event:
            conditions &= Q(life_events__contains=f"|{f.life_event}|")
        if f.implementing_body:
            conditions &= Q(implementing_body=f.implementing_body)
        return conditions

    def search(self, query: Query) -> Results:
        matches = self._matches(query) if query.phrases else []  # e.g. punctuation only
        scores = {guide_id: score for guide_id, score, *_ in matches}
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
        facets = _facets(tuple(values) for _, _, *values in matches)
        return Results(hits, len(ranked), facets, self.name)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = text.normalise(prefix)
        if not prefix:
            return []
        pinyin = text.latin_query(prefix)
        kind = Kind.PINYIN if pinyin else Kind.NAME
        ids = IndexTerm.objects.filter(_prefixed(pinyin or prefix), kind=kind).values("guide_id")
        titles = IndexedGuide.objects.filter(page_id__in=ids).order_by("title")
        return list(titles.values_list("title", flat=True)[:limit])

    def did_you_mean(self, query: Query) -> str | None:
        """The name that sounds most like the query, for a query that matched nothing."""
        spoken = text.latin_query(query.text) or text.spoken(query.text)
        if len(spoken) < 3:
            return None
        candidates = IndexTerm.objects.filter(_prefixed(spoken[:2]), kind=Kind.PINYIN).values_list(
            "term", "guide__title"
        )
        best = difflib.get_close_matches(spoken, dict(candidates), n=1, cutoff=0.75)
        return dict(candidates)[best[0]] if best else None
