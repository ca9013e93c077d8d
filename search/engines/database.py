"""The embedded engine: a bitmap index in three tables of the site's own database.

It needs nothing but the database (SQLite for the quick start, PostgreSQL in production), and it
is what the public search falls back to when Elasticsearch is down. Terms come from
``search.text``, exactly as for Elasticsearch. Each term of each field has one row holding the
set of guides it occurs in (``search.engines.bitsets``), so a query reads a few dozen rows,
however many guides match, and counts, scores, filters and facets in Python's integers: a
guide scores the query terms it matches in each field, names weighing more than the body.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from guides.progress import Progress
from search import text
from search.documents import GuideDocument
from search.engines import bitsets
from search.engines.base import (
    ACTION_WEIGHT,
    CODE,
    FACETS,
    OWN,
    PAGE_SIZE,
    PINYIN_PREFIX,
    SURE,
    WEIGHTS,
    WHOLE_NAME,
    FacetCount,
    Filters,
    Hit,
    Query,
    Results,
    idf,
    near_terms,
    needed,
    sounds_close,
)
from search.highlight import Highlighter
from search.models import IndexBitmap, IndexedGuide, IndexSequence

Kind = IndexBitmap.Kind
Key = tuple[int, str]  # (kind, term): one bitmap
# Points of a sure match by one term of these fields (search.engines.base).
WHOLE_KINDS = {Kind.NAME: WHOLE_NAME, Kind.CODE: CODE, Kind.PINYIN: PINYIN_PREFIX}
# Fields scored per term, by their rarity: the field's weight in search.engines.base.
SCORED_KINDS = {
    Kind.NAME_CHARS: WEIGHTS["name_chars"],
    Kind.NAME_WORD: WEIGHTS["name_words"],
    Kind.SOUND: WEIGHTS["sounds"],
    Kind.BODY_CHARS: WEIGHTS["body"],
}
# Points are whole numbers (bit-sliced): a tenth of a point is kept.
SCALE = 10
MAX_PINYIN_KEYS = 200
BATCH = 500
TERMS_PER_QUERY = 500  # keeps SQLite under its limit of query parameters


def terms_of(doc: GuideDocument) -> set[Key]:
    names = doc.names
    terms = {(Kind.NAME, text.normalise(n)[:64]) for n in names}
    terms.add((Kind.CODE, doc.code.lower()))
    terms.update((Kind.PINYIN, key[:64]) for key in doc.pinyin)
    terms.update((Kind.SOUND, s) for s in doc.sounds)
    for name in names:
        terms.update((Kind.NAME_WORD, w[:64]) for w in text.words(name))
        terms.update((Kind.NAME_CHARS, c) for c in text.characters(name))
    terms.update((Kind.BODY_CHARS, pair) for pair in text.pairs(doc.body))
    terms.update((Kind.FACET, value) for value in facet_values(doc))
    return terms


def _facet_term(key: str, value: str | None = None) -> str:
    """The FACET term of a flag ("online") or of a value ("themes=婚育收养")."""
    return (key if value is None else f"{key}={value}")[:160]


def facet_values(doc: GuideDocument) -> list[str]:
    """The FACET terms a guide is indexed under."""
    values = []
    for key, kind in FACETS:
        value = getattr(doc, key)
        if kind == "bool":
            values += [_facet_term(key)] if value else []
        elif kind == "list":
            values += [_facet_term(key, v) for v in value]
        elif value:
            values.append(_facet_term(key, value))
    return values


def filter_values(filters: Filters) -> list[str]:
    """The FACET terms a guide must have to pass ``filters``."""
    flags = ("online", "immediate", "cross_township")
    values = [_facet_term(flag) for flag in flags if getattr(filters, flag)]
    for key, value in (
        ("themes", filters.theme),
        ("life_events", filters.life_event),
        ("implementing_body", filters.implementing_body),
    ):
        if value:
            values.append(_facet_term(key, value))
    return values


def _facets(matched: int, bitmaps: dict[Key, int]) -> dict[str, list[FacetCount]]:
    counts: dict[str, list[FacetCount]] = {key: [] for key, _ in FACETS}
    for (kind, term), guides in bitmaps.items():
        if kind == Kind.FACET and (count := (matched & guides).bit_count()):
            key, _, value = term.partition("=")
            counts[key].append(FacetCount(value or key, count))
    for values in counts.values():
        values.sort(key=lambda f: (-f.count, f.value))
    return counts


def _prefixed(prefix: str) -> Q:
    """Terms starting with ``prefix``, as a range the (kind, term) index can answer; LIKE 'x%'
    can use it only under the C collation."""
    return Q(term__gte=prefix, term__lt=prefix + "\U0010ffff")


def _keys(keys: Iterable[Key]) -> list[Q]:
    """Conditions selecting these bitmaps, a few hundred terms each."""
    by_kind: dict[int, list[str]] = defaultdict(list)
    for kind, term in keys:
        by_kind[kind].append(term)
    return [
        Q(kind=kind, term__in=terms[i : i + TERMS_PER_QUERY])
        for kind, terms in by_kind.items()
        for i in range(0, len(terms), TERMS_PER_QUERY)
    ]


def _locked() -> IndexSequence:
    """The sequence row, locked until the end of the transaction."""
    IndexSequence.objects.get_or_create(pk=1)
    return IndexSequence.objects.select_for_update().get(pk=1)


def _row(doc: GuideDocument, number: int, terms: set[Key]) -> IndexedGuide:
    return IndexedGuide(
        page_id=doc.page_id,
        number=number,
        code=doc.code,
        title=doc.title,
        url=doc.url,
        aliases="\n".join(doc.aliases),
        body=doc.body,
        terms="\n".join(f"{kind}\t{term}" for kind, term in sorted(terms)),
    )


def _terms(guide_terms: str) -> set[Key]:
    """The keys a guide was indexed under, from ``IndexedGuide.terms``."""
    keys = (line.split("\t", 1) for line in guide_terms.split("\n") if line)
    return {(int(kind), term) for kind, term in keys}


def _change_bits(added: dict[Key, list[int]], removed: dict[Key, list[int]]) -> None:
    """Sets guides' bits in some bitmaps and clears them in others; a bitmap left empty goes."""
    keys = {*added, *removed}
    # The bitmaps are read, deleted and written again: Django's bulk_update is a CASE per row,
    # several times slower for the thousands of bitmaps a catalogue import touches.
    before: dict[Key, bytes] = {}
    for condition in _keys(keys):
        bitmaps = IndexBitmap.objects.filter(condition)
        before.update(
            {(k, t): bytes(g) for k, t, g in bitmaps.values_list("kind", "term", "guides")}
        )
        bitmaps.delete()
    written = []
    for key in keys:
        guides = bitsets.from_bytes(before.get(key, b""))
        guides = (guides | bitsets.of(added.get(key, ()))) & ~bitsets.of(removed.get(key, ()))
        if guides:
            written.append(IndexBitmap(kind=key[0], term=key[1], guides=bitsets.to_bytes(guides)))
    IndexBitmap.objects.bulk_create(written, batch_size=1000)


class DatabaseEngine:
    name = "database"

    # --- indexing --------------------------------------------------------------------------

    def index(self, documents: list[GuideDocument]) -> None:
        if not documents:
            return
        with transaction.atomic():
            sequence = _locked()
            previous = IndexedGuide.objects.in_bulk([doc.page_id for doc in documents])
            added: dict[Key, list[int]] = defaultdict(list)
            removed: dict[Key, list[int]] = defaultdict(list)
            rows = []
            for doc in documents:
                old = previous.get(doc.page_id)
                if old is None:
                    number, old_terms = sequence.next_number, set()
                    sequence.next_number += 1
                else:
                    number, old_terms = old.number, _terms(old.terms)
                terms = terms_of(doc)
                for key in terms - old_terms:
                    added[key].append(number)
                for key in old_terms - terms:
                    removed[key].append(number)
                rows.append(_row(doc, number, terms))
            _change_bits(added, removed)
            IndexedGuide.objects.filter(page_id__in=list(previous)).delete()
            IndexedGuide.objects.bulk_create(rows)
            sequence.save()

    def remove(self, page_ids: list[int]) -> None:
        with transaction.atomic():
            _locked()
            gone = IndexedGuide.objects.filter(page_id__in=page_ids)
            removed: dict[Key, list[int]] = defaultdict(list)
            for number, terms in gone.values_list("number", "terms"):
                for key in _terms(terms):
                    removed[key].append(number)
            _change_bits({}, removed)
            gone.delete()

    def rebuild(self, documents, total: int, progress: Progress | None = None) -> None:
        """Replaces the whole index in one transaction: readers see the old one until the end.
        Guides are numbered in the order they come, so ties rank in that order."""
        with transaction.atomic():
            sequence = _locked()
            IndexBitmap.objects.all().delete()
            IndexedGuide.objects.all().delete()
            postings: dict[Key, list[int]] = defaultdict(list)
            rows: list[IndexedGuide] = []
            for number, doc in enumerate(documents):
                terms = terms_of(doc)
                for key in terms:
                    postings[key].append(number)
                rows.append(_row(doc, number, terms))
                if len(rows) == BATCH:
                    IndexedGuide.objects.bulk_create(rows)
                    progress and progress(number + 1, total)
                    rows = []
            IndexedGuide.objects.bulk_create(rows)
            progress and rows and progress(number + 1, total)
            IndexBitmap.objects.bulk_create(
                (
                    IndexBitmap(kind=kind, term=term, guides=bitsets.to_bytes(bitsets.of(numbers)))
                    for (kind, term), numbers in postings.items()
                ),
                batch_size=1000,
            )
            sequence.next_number = IndexedGuide.objects.count()
            sequence.save()

    # --- searching -------------------------------------------------------------------------

    def _wanted(self, phrase: str, own: bool) -> dict[int, list[str]]:
        """The terms of one phrase, by field (a whole name or code only for the citizen's
        ``own`` words)."""
        chars = list(dict.fromkeys(text.characters(phrase)))
        words = list(dict.fromkeys(text.words(phrase)))
        wanted = {
            Kind.NAME: [phrase[:64]] if own else [],
            Kind.CODE: [phrase] if own else [],
            Kind.NAME_CHARS: chars,
            Kind.BODY_CHARS: list(dict.fromkeys(text.pairs(phrase))),
            Kind.NAME_WORD: words,
            Kind.SOUND: list(dict.fromkeys(text.sounds(phrase))),
            Kind.PINYIN: self._pinyin_keys(text.latin_query(phrase)),
        }
        return {kind: terms for kind, terms in wanted.items() if terms}

    @staticmethod
    def _phrase(
        wanted: dict[int, list[str]], bitmaps: dict[Key, int], guides: int, own: int
    ) -> tuple[bitsets.Sliced, int]:
        """The scores of the guides that match one phrase (zero for every other guide), and
        the guides that match it surely (search.engines.base); OWN points more for a sure
        match by a guide's names among the guides ``own`` holds (the citizen's own words: every
        guide, or those holding the action asked for; none for a synonym's meaning)."""
        scores, sure, by_name, near = bitsets.Sliced(), 0, 0, 0
        for kind, terms in wanted.items():
            found = {t: bitmaps[kind, t] for t in terms if (kind, t) in bitmaps}
            if kind in WHOLE_KINDS:
                holding = bitsets.union(found.values())
                scores.add(holding, WHOLE_KINDS[kind] * SCALE)
                by_name |= holding
                continue
            counts = bitsets.Sliced()
            for holding in found.values():
                counts.add(holding)
                points = round(SCORED_KINDS[kind] * idf(holding.bit_count(), guides) * SCALE)
                scores.add(holding, points)
            surely = counts.at_least(needed(terms), bitsets.union(found.values()))
            if kind == Kind.BODY_CHARS:
                sure |= surely
            else:
                by_name |= surely
                near |= bitsets.union(found[t] for t in near_terms(list(found)))
        sure |= by_name
        scores.add(sure, SURE * SCALE)
        scores.add(by_name & own, OWN * SCALE)
        return scores.within(sure | near), sure

    def _bitmaps(self, wanted: list[dict[int, list[str]]]) -> dict[Key, int]:
        """The bitmaps of these terms and of every facet value, in one query."""
        keys = {(kind, term) for terms in wanted for kind in terms for term in terms[kind]}
        condition = Q(kind=Kind.FACET)
        for keys_of_a_kind in _keys(keys):
            condition |= keys_of_a_kind
        rows = IndexBitmap.objects.filter(condition).values_list("kind", "term", "guides")
        return {(kind, term): bitsets.from_bytes(bytes(guides)) for kind, term, guides in rows}

    def _pinyin_keys(self, pinyin: str | None) -> list[str]:
        """The indexed pinyin keys that start with ``pinyin`` (one letter is too short)."""
        if not pinyin or len(pinyin) < 2:
            return []
        keys = IndexBitmap.objects.filter(_prefixed(pinyin), kind=Kind.PINYIN)
        return list(keys.order_by("term").values_list("term", flat=True)[:MAX_PINYIN_KEYS])

    def search(self, query: Query) -> Results:
        wanted = [self._wanted(p, query.own(p)) for p in query.phrases]
        if typed := query.typed_whole:
            wanted.append({Kind.NAME: [typed[:64]], Kind.CODE: [typed]})
        bitmaps = self._bitmaps([*wanted, {Kind.NAME_CHARS: list(query.favoured)}])
        guides = IndexSequence.objects.values_list("next_number", flat=True).first() or 0
        every = -1  # all bits set: every guide
        acting = every
        if query.action:
            acting = bitsets.union(bitmaps.get((Kind.NAME_CHARS, t), 0) for t in query.action)
        # Whose sure match counts as one of the citizen's own words: of the query, the guides
        # holding the action asked for; of the words as typed (a whole name), every guide.
        own = [acting if query.own(p) else 0 for p in query.phrases] + [every] * bool(typed)
        # A guide matched by several phrases (the query and its synonyms) scores its best one.
        scores, sure = bitsets.Sliced(), 0
        for phrase, owning in zip(wanted, own, strict=True):
            phrase_scores, phrase_sure = self._phrase(phrase, bitmaps, guides, owning)
            scores = scores.maximum(phrase_scores)
            sure |= phrase_sure
        matched = bitsets.union(scores.digits)
        for term in query.favoured:
            holding = bitmaps.get((Kind.NAME_CHARS, term), 0)
            points = ACTION_WEIGHT * idf(holding.bit_count(), guides)
            scores.add(holding & matched, round(points * SCALE))
        for value in filter_values(query.filters):
            matched &= bitmaps.get((Kind.FACET, value), 0)
        total = matched.bit_count()
        numbers: list[int] = []
        if query.offset < total:  # a page past the last has no hits to rank
            numbers = scores.largest(matched, query.offset + PAGE_SIZE)[query.offset :]
        rows = {row.number: row for row in IndexedGuide.objects.filter(number__in=numbers)}
        online = bitmaps.get((Kind.FACET, "online"), 0)
        highlight = Highlighter(query.phrases)
        hits = [
            Hit(
                page_id=row.page_id,
                code=row.code,
                title=row.title,
                url=row.url,
                highlight=highlight(row.title, row.aliases.splitlines(), row.body),
                online=bool(online >> row.number & 1),
            )
            for row in (rows[n] for n in numbers)
        ]
        confident = bool(numbers) and bool(sure >> numbers[0] & 1)
        return Results(hits, total, _facets(matched, bitmaps), self.name, confident)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = text.normalise(prefix)
        if not prefix:
            return []
        pinyin = text.latin_query(prefix)
        kind = Kind.PINYIN if pinyin else Kind.NAME
        keys = IndexBitmap.objects.filter(_prefixed(pinyin or prefix), kind=kind).order_by("term")
        found = keys.values_list("guides", flat=True)[:MAX_PINYIN_KEYS]
        guides = bitsets.union(bitsets.from_bytes(bytes(g)) for g in found)
        titles = IndexedGuide.objects.filter(number__in=bitsets.members(guides)).order_by("title")
        return list(titles.values_list("title", flat=True)[:limit])

    def did_you_mean(self, query: Query) -> str | None:
        """The name that sounds most like the query, for a query that matched nothing."""
        spoken = text.latin_query(query.text) or text.spoken(query.text)
        if len(spoken) < 3:
            return None
        keys = IndexBitmap.objects.filter(_prefixed(spoken[:2]), kind=Kind.PINYIN)
        candidates = dict(keys.values_list("term", "guides"))
        best = difflib.get_close_matches(spoken, candidates, n=1, cutoff=0.75)
        if not best:
            return None
        first = bitsets.members(bitsets.from_bytes(bytes(candidates[best[0]])))[0]
        title = IndexedGuide.objects.get(number=first).title
        return title if sounds_close(query.text, title) else None
