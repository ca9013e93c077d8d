"""The public search: the question understood, synonyms, best bets, the engine (falling back to
the embedded one when Elasticsearch is down or slow), "did you mean", the nearest eligible place
per result, and the query log. The page and the JSON API both call ``search``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from wagtail.models import Page

from guides.models import GuidePage, HandlingMode, Region, ServicePoint
from guides.places import Place, distance_m, nearest_places
from search import engines, synonyms, text, understanding
from search.best_bets import best_bets
from search.engines.base import PAGE_SIZE, Engine, FacetCount, Filters, Hit, Query, Results
from search.location import Location, named
from search.models import QueryLog
from search.understanding import Understanding

logger = logging.getLogger(__name__)


@dataclass
class Result:
    hit: Hit
    nearest: Place | None = None
    best_bet: bool = False
    copies: int = 0  # other results of the page with the same name (township copies), folded in


@dataclass
class SearchPage:
    query: str
    results: list[Result]
    total: int
    facets: dict[str, list[FacetCount]]
    engine: str
    fell_back: bool = False  # Elasticsearch failed and the embedded engine answered
    suggestion: str | None = None
    page: int = 1
    location: Location | None = None
    meanings: list[str] = field(default_factory=list)
    understood: Understanding | None = None  # what the question was taken to ask for

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total


def _unavailable() -> tuple[type[Exception], ...]:
    if not engines.elasticsearch_configured():
        return ()
    from search.engines.elastic import Unavailable

    return Unavailable


def _ask(engine: Engine, query: Query) -> tuple[Results, str | None]:
    """The engine's results, and its "did you mean" when there are none."""
    results = engine.search(query)
    return results, None if results.total else engine.did_you_mean(query)


# Elasticsearch answers over the network: its request waits on a worker thread while the
# request's own thread looks up best bets and the citizen's township. The worker never touches
# the database (a thread's connection would outlive the request).
_requests = ThreadPoolExecutor(max_workers=8, thread_name_prefix="search")


def _asked(query: Query) -> Callable[[], tuple[Results, str | None, bool]]:
    """Sends ``query`` to the primary engine; the returned function waits for the answer, or
    answers from the embedded engine when Elasticsearch is down or slow."""
    if not engines.elasticsearch_configured():
        return lambda: (*_ask(engines.embedded(), query), False)
    engine = engines.primary()
    pending = _requests.submit(_ask, engine, query)

    def answer() -> tuple[Results, str | None, bool]:
        try:
            return (*pending.result(), False)
        except _unavailable() as error:
            logger.warning(
                "search: %s failed (%s); answering from the embedded engine", engine.name, error
            )
        return (*_ask(engines.embedded(), query), True)

    return answer


def _live(page_ids: list[int]) -> set[int]:
    """Which of these pages are live: an index may lag behind an unpublished guide by a moment.

    In SQL because every search asks: Django took three times as long (0.6 ms) to ask it."""
    if not page_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Page._meta.db_table} WHERE live"
            f" AND id IN ({', '.join(['%s'] * len(page_ids))})",
            page_ids,
        )
        return {row[0] for row in cursor.fetchall()}


def _bet_hit(guide: GuidePage) -> Hit:
    return Hit(
        page_id=guide.pk,
        code=guide.code,
        title=guide.title,
        url=guide.get_url() or "",
        highlight=escape(guide.title),
        online=HandlingMode.ONLINE in guide.handling_modes,
    )


def analyse(
    q: str,
    *,
    filters: Filters | None = None,
    page: int = 1,
    understood: Understanding | None = None,
) -> Query:
    """The query the engines answer for what a citizen typed: what they ask for
    (``search.understanding``), with what synonyms say the question means.

    The public search and the relevance evaluation (``search.evaluation``) both call it, so
    what is measured is what citizens get."""
    understood = understood or understanding.understand(q)
    # The action refines what the subject finds (search.engines.base.ACTION_WEIGHT); alone, it
    # is what is searched for.
    subject = " ".join(understood.words)
    action = understood.action.terms if understood.action and subject else ()
    prefer = understood.elsewhere.terms if understood.elsewhere and subject else ()
    text = subject or understood.text
    return Query(
        text,
        alternatives=[synonyms.rewritten(text), *synonyms.meanings(q)],
        typed=q,
        filters=filters or Filters(),
        page=page,
        action=action,
        prefer=prefer,
    )


def pinned_first(results: Results, bets: list[GuidePage]) -> tuple[list[Hit], int, set[int]]:
    """The engine's hits with the best bets on top: the hits, their total and the bets' ids."""
    bet_ids = {g.pk for g in bets}
    if not bets:
        return results.hits, results.total, bet_ids
    total = results.total + len(bet_ids - {h.page_id for h in results.hits})
    hits = [*(_bet_hit(g) for g in bets), *(h for h in results.hits if h.page_id not in bet_ids)]
    return hits, total, bet_ids


def same_matter(hit: Hit) -> str:
    """What township copies of one matter share: the name, normalised."""
    return text.normalise(hit.title)


def collapsed(
    hits: list[Hit], preference: Callable[[Hit], tuple] = lambda hit: ()
) -> list[tuple[Hit, int]]:
    """The hits with the copies of one matter (the same name for several townships) folded
    into one, in the order of their first copy, each with how many copies it stands for
    besides itself: the copy ``preference`` ranks lowest (the first one on a tie)."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(same_matter(hit), []).append(hit)
    return [(min(copies, key=preference), len(copies) - 1) for copies in groups.values()]


def _nearer(nearest: dict[int, Place]) -> Callable[[Hit], tuple]:
    """Copies ranked for a located citizen: one that takes them first, the nearest first."""

    def preference(hit: Hit) -> tuple:
        place = nearest.get(hit.page_id)
        distance = place.distance_m if place and place.distance_m is not None else float("inf")
        return (place is None, distance)

    return preference


def search(
    q: str,
    *,
    location: Location | None = None,
    filters: Filters | None = None,
    page: int = 1,
    literal: bool = False,
) -> SearchPage:
    """The page of results for what a citizen typed; ``literal`` searches their words as typed
    (no understanding: no filler dropped, no place taken from the text)."""
    started = time.perf_counter()
    understood = understanding.understand(q, literal=literal)
    query = analyse(q, filters=filters, page=page, understood=understood)
    answer = _asked(query)
    if understood.place is not None:
        location = named(location, understood.place)
    bets = best_bets(q) if page == 1 else []
    township = location.township if location else None
    results, suggestion, fell_back = answer()
    if suggestion and not understanding.sounds_like(understood, suggestion):
        suggestion = None
    hits, total, bet_ids = pinned_first(results, bets)
    live = _live([h.page_id for h in hits])
    hits = [hit for hit in hits if hit.page_id in live]
    nearest: dict[int, Place] = {}
    if location:
        nearest = nearest_places(
            [hit.page_id for hit in hits], township=township, origin=location.origin
        )
    # Township copies of one matter fill no more than one line: the copy that takes the citizen,
    # the nearest one when their position is known (nearest_places orders by distance).
    rows = [
        Result(hit, nearest.get(hit.page_id), hit.page_id in bet_ids, copies)
        for hit, copies in collapsed(hits, _nearer(nearest))
    ]
    # The total counts matters, not copies: those folded on this page are not counted twice.
    total -= sum(row.copies for row in rows)
    engine = engines.embedded().name if fell_back else results.engine
    QueryLog.objects.create(
        query=q[:100],
        total=total,
        engine=engine,
        latency_ms=round((time.perf_counter() - started) * 1000),
    )
    return SearchPage(
        query=q,
        results=rows,
        total=total,
        facets=results.facets,
        engine=engine,
        fell_back=fell_back,
        suggestion=suggestion,
        page=page,
        location=location,
        meanings=query.alternatives,
        understood=understood,
    )


def suggest(prefix: str) -> list[str]:
    try:
        return engines.primary().suggest(prefix)
    except _unavailable() as error:
        logger.warning("suggest: Elasticsearch failed (%s); using the embedded engine", error)
        return engines.embedded().suggest(prefix)


def nearest_hall(location: Location | None) -> ServicePoint | None:
    """The hall to call when nothing matched: the citizen's own township hall, else the one
    nearest to them, else the county centre."""
    halls = ServicePoint.objects.filter(
        kind__in=[ServicePoint.Kind.TOWNSHIP_HALL, ServicePoint.Kind.COUNTY_CENTRE]
    ).select_related("region")
    if location and location.origin:
        lat, lon = location.origin
        return min(
            halls,
            key=lambda h: distance_m(lat, lon, float(h.latitude), float(h.longitude)),
            default=None,
        )
    return halls.filter(kind=ServicePoint.Kind.COUNTY_CENTRE).first()


def townships() -> list[Region]:
    """Townships with their villages, for the location picker."""
    return list(
        Region.objects.filter(level=Region.Level.TOWNSHIP)
        .prefetch_related("children")
        .order_by("code")
    )
