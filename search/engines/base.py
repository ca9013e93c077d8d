"""The contract both engines keep: the same query in, the same result objects out."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

from guides.progress import Progress
from search import text
from search.documents import GuideDocument

PAGE_SIZE = 10

# Ranking, the same on both engines. A guide is a result for a phrase when it answers it
# (a *sure* match: the whole name, the code, a pinyin prefix, or MIN_SHARE of the phrase's
# characters, words or syllable pairs in one field, or of its character pairs in the body) or
# when its names hold at least one of the phrase's character pairs, words or syllable pairs (a
# *near* match). Sure matches rank above near ones (SURE points); within each, a guide scores
# the phrase's terms it holds, each worth its field's weight times its rarity (BM25's idf), so
# 护照 counts for more than 办理; names weigh more than the body.
MIN_SHARE = 0.7  # enough for a typo (不动产登纪 holds 7 of 9), not for one common character
SURE = 10_000
# Points of a sure match of that kind: a whole name or code typed ranks above every other sure
# match, however many rare terms those hold.
WHOLE_NAME, CODE, PINYIN_PREFIX = SURE, SURE, 30
# A sure match of the citizen's own words (what was understood of the question, or the words
# as typed) by a guide's names ranks above a sure match of what a synonym says they mean: the
# synonyms widen the search, they do not outrank a matter named in the question (办退休 means
# 职工正常退休 and 城乡居民基本养老保险待遇申领; the matter holding 退休 comes first). A
# synonym's meaning is never matched as a whole name or code: a meaning that happens to be a
# whole name is no surer than one that is a stem (食品经营许可). When the question asks for an
# action, only a guide whose names also hold it is a sure match of the citizen's own words
# (执照 + 注销: not 营业执照补领).
OWN = SURE
WEIGHTS = {"name_chars": 4, "name_words": 6, "sounds": 3, "body": 1}  # per term, times its idf
# The action a question asks for (补领, 换领, 注销 …, search.understanding) matches nothing on its
# own: among the guides the subject found, those whose names hold one of the catalogue's words
# for it score this weight times the word's idf more (驾照 + 到期: 机动车驾驶证换证 above
# 机动车驾驶证核发), whichever phrase found them. A circumstance (异地) favours the same way.
ACTION_WEIGHT = 4


def needed(terms: list[str]) -> int:
    """How many of a phrase's ``terms`` of one field a sure match must have (MIN_SHARE)."""
    return max(1, math.ceil(MIN_SHARE * len(terms)))


def idf(holding: int, guides: int) -> float:
    """How rare a term is: Lucene's BM25 idf, from the number of guides holding it."""
    return math.log(1 + (guides - holding + 0.5) / (holding + 0.5))


def near_terms(chars: list[str]) -> list[str]:
    """The name characters that make a near match on their own: pairs, never one character."""
    return [term for term in chars if len(term) > 1]


def sounds_close(asked: str, name: str) -> bool:
    """Whether a "did you mean" name is close to what was typed, not merely alike in pinyin:
    it holds at least half of the query's syllable pairs (婚姻登纪 → 结婚登记 holds one of
    three: no). A query in Latin letters is compared by its pinyin alone."""
    if text.latin_query(asked):
        return True
    wanted = set(text.sounds(asked))
    return not wanted or 2 * len(wanted & set(text.sounds(name))) >= len(wanted)


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
    # The citizen's words as typed, when ``text`` is what was understood of them: matched as a
    # whole name or code too, so an exact name is found however the question is read.
    typed: str = ""
    # The catalogue's words for the action asked for (ACTION_WEIGHT), two characters each.
    action: tuple[str, ...] = ()
    # The catalogue's words for a circumstance of the question (异地 for 在广州看病): they
    # favour guides as the action does, but never decide which match the citizen's own words.
    prefer: tuple[str, ...] = ()

    @property
    def favoured(self) -> tuple[str, ...]:
        """The words whose guides score ACTION_WEIGHT more: the action's and ``prefer``."""
        return tuple(dict.fromkeys((*self.action, *self.prefer)))

    @property
    def typed_whole(self) -> str | None:
        """The typed words, normalised, when they are not one of the phrases already."""
        typed = text.normalise(self.typed)
        return typed if typed and typed not in self.phrases else None

    @property
    def phrases(self) -> list[str]:
        """The query and what synonyms say it means, each matched on its own; the query (the
        citizen's own words, ``OWN``) first, when it is not empty."""
        phrases = (text.normalise(p) for p in (self.text, *self.alternatives))
        return list(dict.fromkeys(p for p in phrases if p))

    def own(self, phrase: str) -> bool:
        """Whether ``phrase`` (one of ``phrases``) is the citizen's own words."""
        return phrase == text.normalise(self.text)

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
