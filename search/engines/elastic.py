"""The Elasticsearch engine, written with elasticsearch-dsl.

Characters are analysed by Elasticsearch (``cjk_bigram``: names with unigrams, for recall; the
body in pairs only); words, pinyin and syllable pairs arrive already computed by ``search.text``
(jieba and pypinyin run in Python, at index and at query time), so the server needs no analysis
plugin. The public search
reads an alias; ``rebuild`` fills a fresh index and then moves the alias to it.
"""

from __future__ import annotations

import functools
import logging
import time

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch_dsl import (
    A,
    Boolean,
    Completion,
    Document,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from guides.progress import Progress
from search import text
from search.documents import GuideDocument
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
    Hit,
    Query,
    Results,
    near_terms,
    needed,
    sounds_close,
)
from search.highlight import Highlighter

logger = logging.getLogger(__name__)
# The transport logs every request at INFO: one line per public query is noise, not news.
logging.getLogger("elastic_transport.transport").setLevel(logging.WARNING)

# Anything that means "Elasticsearch did not answer properly": the caller falls back.
Unavailable = (ApiError, TransportError)


def _cjk(name: str, *, unigrams: bool):
    """Standard tokens, folded to half width and lower case, Han characters in pairs (and
    alone too, with ``unigrams``)."""
    pairs = token_filter(f"{name}_pairs", "cjk_bigram", output_unigrams=unigrams)
    return analyzer(name, tokenizer="standard", filter=["cjk_width", "lowercase", pairs])


chinese = _cjk("guide_chinese", unigrams=True)
# The body keeps pairs only, as in the embedded engine: its single characters matched nearly
# every guide and took half of each query's time (docs/benchmarks.md).
body_pairs = _cjk("guide_body", unigrams=False)
pre_split = analyzer("guide_words", tokenizer="whitespace", filter=["lowercase"])
# A matched term scores its rarity (idf) times the query's boost, however often the guide holds
# it and however long the field: BM25 without its term-frequency and length parts, which is
# what the embedded engine's bitmaps can count (search.engines.base).
BY_RARITY = "by_rarity"
SIMILARITY = {BY_RARITY: {"type": "BM25", "k1": 0, "b": 0}}


class GuideDoc(Document):
    code = Keyword()
    title = Keyword(index=False)  # as written, for display
    url = Keyword(index=False)
    aliases = Keyword(index=False)  # for display
    name_chars = Text(analyzer=chinese, similarity=BY_RARITY)  # every name of the guide
    body = Text(analyzer=body_pairs, similarity=BY_RARITY)
    name_words = Text(analyzer=pre_split, similarity=BY_RARITY)
    names = Keyword()
    pinyin = Keyword()
    sounds = Keyword(similarity=BY_RARITY)
    suggest = Completion(analyzer="keyword")
    online = Boolean()
    immediate = Boolean()
    cross_township = Boolean()
    themes = Keyword()
    life_events = Keyword()
    implementing_body = Keyword()
    position = Keyword()  # equal scores rank in this order (search.documents)

    @classmethod
    def of(cls, doc: GuideDocument) -> GuideDoc:
        names = [text.normalise(n) for n in doc.names]
        return cls(
            meta={"id": doc.page_id},
            code=doc.code.lower(),
            title=doc.title,
            url=doc.url,
            aliases=doc.aliases,
            name_chars=names,
            body=doc.body,
            name_words=[" ".join(text.words(n)) for n in names],
            names=names,
            pinyin=doc.pinyin,
            sounds=doc.sounds,
            suggest=[*names, *doc.pinyin],
            online=doc.online,
            immediate=doc.immediate,
            cross_township=doc.cross_township,
            themes=doc.themes,
            life_events=doc.life_events,
            implementing_body=doc.implementing_body,
            position=doc.position,
        )


def _share(field: str, terms: list[str]) -> Q:
    """At least the share MIN_SHARE of ``terms`` in ``field``, counted as the embedded engine
    counts it."""
    return Q(
        "bool",
        should=[Q("term", **{field: term}) for term in terms],
        minimum_should_match=needed(terms),
    )


def _whole(phrase: str) -> list[tuple[Q, int]]:
    """The whole-name and code matches of a phrase, with their points."""
    return [(Q("term", names=phrase), WHOLE_NAME), (Q("term", code=phrase), CODE)]


def _sure(queries: list[Q], points: int = SURE) -> Q:
    """SURE (or other) points for a guide any of ``queries`` match."""
    matched = Q("bool", should=queries, minimum_should_match=1)
    return Q("constant_score", filter=matched, boost=points)


def _own(by_name: list[Q], action: tuple[str, ...]) -> Q:
    """OWN points for a sure match of the citizen's own words by the names, of a guide holding
    the action asked for (if any)."""
    holding = [Q("terms", name_chars=list(action))] if action else []
    matched = Q("bool", should=by_name, minimum_should_match=1, filter=holding)
    return Q("constant_score", filter=matched, boost=OWN)


def typed_query(typed: str) -> Q:
    """The words as typed, matched only as a whole name or code (``Query.typed``)."""
    whole = _whole(typed)
    return Q(
        "bool",
        should=[
            _sure([q for q, _ in whole], SURE + OWN),
            *(Q("constant_score", filter=q, boost=points) for q, points in whole),
        ],
        minimum_should_match=1,
    )


def phrase_query(phrase: str, own: bool, action: tuple[str, ...] = ()) -> Q:
    """One phrase matched and scored the way the embedded engine does it (search.engines.base):
    sure matches (whole name and code for the citizen's ``own`` words, pinyin prefix, or
    MIN_SHARE of the phrase's terms in one field) SURE points above near ones (a character
    pair, word or syllable pair of the names), OWN more for ``own`` words matched by the names
    (of a guide that holds one of the words of the ``action`` asked for, if any), then each
    term's rarity times its field's weight."""
    fields = {
        "name_chars": list(dict.fromkeys(text.characters(phrase))),
        "name_words": list(dict.fromkeys(text.words(phrase))),
        "sounds": list(dict.fromkeys(text.sounds(phrase))),
        "body": list(dict.fromkeys(text.pairs(phrase))),
    }
    fields = {field: terms for field, terms in fields.items() if terms}
    whole = _whole(phrase) if own else []
    pinyin = text.latin_query(phrase)
    if pinyin and len(pinyin) > 1:
        whole.append((Q("prefix", pinyin=pinyin), PINYIN_PREFIX))
    by_name = [q for q, _ in whole] + [
        _share(field, terms) for field, terms in fields.items() if field != "body"
    ]
    sure = by_name + ([_share("body", fields["body"])] if "body" in fields else [])
    near = [
        Q("terms", **{field: found})
        for field, terms in fields.items()
        if field != "body" and (found := near_terms(terms))
    ]
    scored = [Q("constant_score", filter=q, boost=points) for q, points in whole]
    scored += [
        Q("term", **{field: {"value": term, "boost": WEIGHTS[field]}})
        for field, terms in fields.items()
        for term in terms
    ]
    return Q(
        "bool",
        should=[_sure(sure), *([_own(by_name, action)] if own else []), *scored],
        filter=[Q("bool", should=[*sure, *near], minimum_should_match=1)],
    )


def _filters(query: Query) -> list[Q]:
    f = query.filters
    filters = [
        Q("term", **{flag: True})
        for flag in ("online", "immediate", "cross_township")
        if getattr(f, flag)
    ]
    for field, value in (
        ("themes", f.theme),
        ("life_events", f.life_event),
        ("implementing_body", f.implementing_body),
    ):
        if value:
            filters.append(Q("term", **{field: value}))
    return filters


@functools.lru_cache(maxsize=8)
def client_for(url: str, timeout: float) -> Elasticsearch:
    """One client per node and timeout for the process: the client holds the connection pool,
    and a new one per search would open a new connection for every citizen's query."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(
        self, url: str | None = None, alias: str | None = None, timeout: float | None = None
    ):
        self.alias = alias or settings.SEARCH_INDEX
        self.client = client_for(
            url or settings.ELASTICSEARCH_URL, timeout or settings.SEARCH_TIMEOUT
        )

    # --- searching -------------------------------------------------------------------------

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    @staticmethod
    def _phrase_queries(query: Query) -> list[Q]:
        queries = [phrase_query(p, query.own(p), query.action) for p in query.phrases]
        if typed := query.typed_whole:
            queries.append(typed_query(typed))
        return queries or [Q("match_none")]

    def request(self, query: Query) -> Search:
        """The search request for ``query`` (the benchmark also sends its body raw)."""
        # A guide matched by several phrases (the query and its synonyms) scores its best one.
        action = [
            Q("term", name_chars={"value": term, "boost": ACTION_WEIGHT}) for term in query.favoured
        ]
        s = self._search().query(
            Q(
                "bool",
                must=[Q("dis_max", queries=self._phrase_queries(query))],
                should=action,
                filter=_filters(query),
            )
        )
        # An index built before guides had a position sorts them by code until it is rebuilt.
        position = {"order": "asc", "unmapped_type": "keyword"}
        s = s.sort("_score", {"position": position}, {"code": "asc"}).extra(
            from_=query.offset, size=PAGE_SIZE, track_total_hits=True
        )
        # Snippets are cut in Python (search.highlight), as for the embedded engine: the same
        # marks on both, and a third of the time Elasticsearch's highlighter took on the body.
        s = s.source(["code", "title", "url", "online", "aliases", "body"])
        for key, kind in FACETS:
            if kind == "bool":
                s.aggs.bucket(key, A("filter", term={key: True}))
            else:
                s.aggs.bucket(key, A("terms", field=key, size=30))
        return s

    def search(self, query: Query) -> Results:
        # The body is built with elasticsearch-dsl and the answer read as plain JSON: wrapping
        # every hit and bucket in the library's response objects cost ~2.5 ms a query, a fifth
        # of the raw request (bench/search_bench.py).
        response = self.client.search(index=self.alias, body=self.request(query).to_dict()).body
        highlight = Highlighter(query.phrases)
        hits = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            hits.append(
                Hit(
                    page_id=int(hit["_id"]),
                    code=source["code"].upper(),
                    title=source["title"],
                    url=source["url"],
                    # Empty lists are not stored in _source: a guide without aliases has none.
                    highlight=highlight(source["title"], source.get("aliases", []), source["body"]),
                    online=bool(source.get("online")),
                )
            )
        aggregations = response["aggregations"]
        facets = {}
        for key, kind in FACETS:
            agg = aggregations[key]
            if kind == "bool":
                facets[key] = [FacetCount(key, agg["doc_count"])] if agg["doc_count"] else []
            else:
                facets[key] = [FacetCount(b["key"], b["doc_count"]) for b in agg["buckets"]]
        first = response["hits"]["hits"][:1]
        # Only a sure match reaches SURE points: near matches score their terms' rarity alone.
        confident = bool(first) and first[0]["_score"] >= SURE
        return Results(hits, response["hits"]["total"]["value"], facets, self.name, confident)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = text.latin_query(prefix) or text.normalise(prefix)
        if not prefix:
            return []
        s = (
            self._search()
            .suggest(
                "names",
                prefix,
                completion={"field": "suggest", "size": limit, "skip_duplicates": True},
            )
            .source(["title"])
        )
        options = s.execute().suggest.names[0].options
        return list(dict.fromkeys(option._source.title for option in options))[:limit]

    def did_you_mean(self, query: Query) -> str | None:
        spoken = text.latin_query(query.text) or text.spoken(query.text)
        if len(spoken) < 3:
            return None
        s = self._search().query(Q("fuzzy", pinyin={"value": spoken, "fuzziness": "AUTO"}))
        hits = s.source(["title"]).extra(size=1).execute()
        return hits[0].title if hits and sounds_close(query.text, hits[0].title) else None

    # --- indexing --------------------------------------------------------------------------

    def _live(self) -> bool:
        """Whether the alias exists: writes before the first rebuild would otherwise create an
        index with guessed mappings under the alias's name."""
        return bool(self.client.indices.exists_alias(name=self.alias))

    def _writer(self) -> Elasticsearch:
        """The client for index writes: they wait for a refresh (up to a second) and can take
        longer than a search may."""
        return self.client.options(request_timeout=settings.SEARCH_WRITE_TIMEOUT)

    def index(self, documents: list[GuideDocument]) -> None:
        if not documents or not self._live():
            return
        actions = (
            GuideDoc.of(doc).to_dict(include_meta=True) | {"_index": self.alias}
            for doc in documents
        )
        helpers.bulk(self._writer(), actions, refresh="wait_for")

    def remove(self, page_ids: list[int]) -> None:
        if not page_ids or not self._live():
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": pid} for pid in page_ids)
        helpers.bulk(self._writer(), actions, refresh="wait_for", raise_on_error=False)

    def rebuild(self, documents, total: int, progress: Progress | None = None) -> None:
        """A fresh index, filled, refreshed, then the alias switched to it in one step."""
        client = self.client.options(request_timeout=120)
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**6:06d}"
        index = GuideDoc._index.clone(name)
        index.settings(
            similarity=SIMILARITY,
            number_of_shards=settings.SEARCH_SHARDS,
            number_of_replicas=settings.SEARCH_REPLICAS,
            refresh_interval="-1",
        )
        index.create(using=client)

        def actions():
            for done, doc in enumerate(documents, 1):
                progress and progress(done, total)
                yield GuideDoc.of(doc).to_dict(include_meta=True) | {"_index": name}

        helpers.bulk(client, actions(), chunk_size=500)
        client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
        client.indices.refresh(index=name)
        try:
            old = list(client.indices.get_alias(name=self.alias))
        except NotFoundError:
            old = []
        client.indices.update_aliases(
            actions=[
                *({"remove": {"index": o, "alias": self.alias}} for o in old),
                {"add": {"index": name, "alias": self.alias}},
            ]
        )
        for o in old:
            client.indices.delete(index=o)

    def drop(self) -> None:
        """Deletes the alias and its indices (the tests' clean-up)."""
        try:
            old = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return
        for o in old:
            self.client.indices.delete(index=o)
