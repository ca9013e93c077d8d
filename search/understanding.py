"""What a citizen's question asks for, before either engine sees it.

``我在光坡镇想开个奶茶店要办什么证`` is a place (光坡镇), an action (开 → 开办) and a subject
(奶茶店) wrapped in the words that make it a question. ``understand`` cuts the normalised text
into the words of ``understanding.toml`` (filler, words kept whole, actions), the phrases of the
synonym table (kept whole: 开证明 is not 开 + 证明) and the names of the townships and villages,
covering as much of it as it can; what is left, in the citizen's own words, is the subject.

Both engines get the same ``Understanding.text``, so they keep agreeing; the synonym meanings
are still looked up in the whole question (``search.public``). Text in Latin letters (pinyin) is
left as it is: the engines match it as pinyin.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

from guides.held import held
from guides.models import Region
from search import synonyms, text

DATA = Path(__file__).with_name("understanding.toml")
LONGEST_WORD = 12  # characters: the synonym table's longest phrase looked up (synonyms.py)
# Place-name suffixes a citizen may leave out (光坡 for 光坡镇), when the rest is unambiguous.
PLACE_SUFFIXES = ("镇", "乡", "村")
SEPARATORS = re.compile(r"[^\w]+")  # spaces and punctuation: 。？，、!
HAN = re.compile(rf"[{text.HAN}]")

# What a word of the question is, in the order a tie is decided (a phrase kept whole wins).
KEEP, PLACE, HERE, ELSEWHERE, ACTION, FILLER = range(6)
# Other places are named bare (广州, 广东) or with these suffixes (广州市, 广东省).
PLACE_NAME_SUFFIXES = ("", "市", "省")


@dataclass(frozen=True)
class Action:
    label: str  # shown to the citizen: 补领, 开办
    terms: tuple[str, ...]  # the catalogue's words for it, the first matched with the query


@dataclass(frozen=True)
class Understanding:
    typed: str  # the question, normalised
    words: tuple[str, ...] = ()  # the subject, in the citizen's words
    action: Action | None = None
    place: Region | None = None  # a township or village named in the question
    # Somewhere outside the county named (外地, 广州): the catalogue's word for it (异地).
    elsewhere: Action | None = None
    literal: bool = False  # the citizen asked for their words as typed

    @property
    def text(self) -> str:
        """What the engines match: the subject and the action's main term, or the question as
        typed when nothing is left of it."""
        parts = [*self.words, *(self.action.terms[:1] if self.action else ())]
        return " ".join(parts) or self.typed

    @property
    def shown(self) -> str:
        """What the page says it searched for: 早餐店 开办."""
        labels = (self.action, self.elsewhere)
        parts = [*self.words, *(label.label for label in labels if label)]
        return " ".join(parts) or self.typed

    @property
    def changed(self) -> bool:
        """Whether the search differs from the words as typed (the page then says so, with a
        link back to them)."""
        return not self.literal and (self.place is not None or self.shown != self.typed)

    def as_json(self) -> dict:
        return {
            "query": self.shown,
            "searched": self.text,
            "action": self.action.label if self.action else None,
            "place": {"code": self.place.code, "name": self.place.name} if self.place else None,
            "literal": self.literal,
        }


@dataclass
class _Words:
    """The reviewed words of ``understanding.toml``: word → what it is (and its action)."""

    kinds: dict[str, int] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    not_places: frozenset[str] = frozenset()
    complements: frozenset[str] = frozenset()
    elsewhere: Action | None = None


@functools.cache
def _words() -> _Words:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    words = _Words(
        not_places=frozenset(data["not_places"]), complements=frozenset(data["complements"])
    )
    for word in data["filler"]:
        words.kinds[word] = FILLER
    for row in data["actions"]:
        action = Action(row["label"], tuple(row["terms"]))
        for word in row["words"]:
            words.kinds[word] = ACTION
            words.actions[word] = action
    for word in data["here"]:
        words.kinds[word] = HERE
    elsewhere = data["elsewhere"]
    words.elsewhere = Action(elsewhere["label"], tuple(elsewhere["terms"]))
    for word in elsewhere["words"]:
        words.kinds[word] = ELSEWHERE
    for name in elsewhere["places"]:
        for suffix in PLACE_NAME_SUFFIXES:
            words.kinds.setdefault(name + suffix, ELSEWHERE)
    for word in data["keep"]:
        words.kinds[word] = KEEP
    return words


@held(Region)
def _places() -> dict[str, Region]:
    """Name → township or village, with and without its suffix (光坡镇, 光坡) and after 在
    (在光坡镇), leaving out a name two places share."""
    regions = list(
        Region.objects.filter(level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE])
        .select_related("parent__parent")
        .order_by("code")
    )
    names: dict[str, set[Region]] = {}
    stems: dict[str, set[Region]] = {}
    not_places = _words().not_places
    for region in regions:
        name = text.normalise(region.name)
        names.setdefault(name, set()).add(region)
        stem = name[:-1]
        if name.endswith(PLACE_SUFFIXES) and len(stem) >= 2 and stem not in not_places:
            stems.setdefault(stem, set()).add(region)
    found = {s: r for s, rs in stems.items() if len(rs) == 1 and s not in names for r in rs}
    found |= {n: r for n, rs in names.items() if len(rs) == 1 for r in rs}
    return found | {f"在{name}": region for name, region in found.items()}


def _kind(word: str, phrases, places: dict[str, Region]) -> int | None:
    if word in phrases:
        return KEEP
    if word in places:
        return PLACE
    return _words().kinds.get(word)


def _apart(segment: str, i: int, j: int, spans, phrases, places: dict[str, Region]) -> bool:
    """Whether ``segment[i:j]`` stands apart from the words around it: every jieba word it
    cuts into is made of it and known words (想开 is 想 + 开) or a verb's complement after it
    (迁到), never of an unknown rest (迁 of
    随迁子女, 换新 of 换新船 are parts of other words, not the citizen asking to move or renew
    something)."""
    for start, end in spans:
        if start < j and end > i and (start < i or end > j):
            before, after = segment[start:i], segment[j:end]
            if before and _kind(before, phrases, places) is None:
                return False
            if (
                after
                and after not in _words().complements
                and _kind(after, phrases, places) is None
            ):
                return False
    return True


def _cut(segment: str, phrases, places: dict[str, Region]) -> list[tuple[str, int | None]]:
    """The segment as (word, kind) pairs, kind None for a character no word covers: the cut
    covering the most characters, then with the fewest words (so the longest words win).

    An action word counts only where it is not part of another word (``_apart``)."""
    n = len(segment)
    spans = text.word_spans(segment)
    # score[i]: (characters covered, -words) of the best cut of segment[:i]; back[i]: its last
    # word's start and kind.
    score: list[tuple[int, int]] = [(0, 0)] + [(-1, 0)] * n
    back: list[tuple[int, int | None]] = [(0, None)] * (n + 1)
    for i in range(n):
        covered, count = score[i]
        if score[i + 1] < (covered, count):
            score[i + 1], back[i + 1] = (covered, count), (i, None)
        for j in range(i + 1, min(n, i + LONGEST_WORD) + 1):
            kind = _kind(segment[i:j], phrases, places)
            if kind == ACTION and not _apart(segment, i, j, spans, phrases, places):
                continue
            if kind is not None and score[j] < (covered + j - i, count - 1):
                score[j], back[j] = (covered + j - i, count - 1), (i, kind)
    cut = []
    while n:
        start, kind = back[n]
        cut.append((segment[start:n], kind))
        n = start
    return cut[::-1]


def _narrower(region: Region, than: Region | None) -> bool:
    """A village named beside its township says more (三才镇花石村: 花石村)."""
    return than is None or (
        region.level == Region.Level.VILLAGE and than.level == Region.Level.TOWNSHIP
    )


def understand(question: str, *, literal: bool = False) -> Understanding:
    """What the citizen asks for (see the module); with ``literal``, their words as typed."""
    typed = text.normalise(question)
    if literal or not HAN.search(typed):
        return Understanding(typed=typed, literal=literal)
    phrases = synonyms.phrases()
    places = _places()
    words: list[str] = []
    action = place = elsewhere = None
    for segment in SEPARATORS.split(typed):
        piece = ""
        for word, kind in _cut(segment, phrases, places):
            if kind in (None, KEEP):
                piece += word
                continue
            words.append(piece)
            piece = ""
            if kind == PLACE and _narrower(places[word], place):
                place = places[word]
            elif kind == ACTION and action is None:
                action = _words().actions[word]
            elif kind == ELSEWHERE:
                elsewhere = _words().elsewhere
        words.append(piece)
    words = [w for w in words if w]
    # A lone character left between dropped words (证 of 办个证) says little beside a subject.
    if any(len(w) > 1 for w in words):
        words = [w for w in words if len(w) > 1 or not HAN.match(w)]
    return Understanding(
        typed=typed, words=tuple(words), action=action, place=place, elsewhere=elsewhere
    )


def sounds_like(asked: Understanding, suggestion: str) -> bool:
    """Whether "did you mean ``suggestion``" is safe for the question: the suggestion must hold
    all but one of the syllables of what the citizen asked for, in order (不动产登纪 →
    不动产登记), never only a common part of it (婚姻登纪 → 生育登记 shares 登记 alone).
    Pinyin typed in letters is compared letter by letter, allowing one slip in six."""
    latin = text.latin_query(asked.text)
    if latin:
        heard, named = list(latin), list(text.spoken(suggestion))
    else:
        heard = lazy_pinyin(text.HAN_RUN.findall(" ".join(asked.words) or asked.typed))
        named = lazy_pinyin(text.HAN_RUN.findall(text.normalise(suggestion)))
    if not heard:
        return False
    blocks = difflib.SequenceMatcher(None, heard, named, autojunk=False).get_matching_blocks()
    found = sum(block.size for block in blocks)
    allowed = max(1, len(heard) // 6) if latin else 1
    return found >= len(heard) - allowed and found * 4 >= len(heard) * 3
