"""Chinese text as citizens type it, turned into the terms both engines match on.

Everything is computed here in Python, at index and at query time, so the Elasticsearch and the
embedded engine see the same terms: text normalised to simplified characters (OpenCC, plus the
pinyin-in-brackets artefacts some converters leave, 業(yè)務(wù) → 业务), words (jieba) for
precision, characters and character pairs for recall, and pinyin — full and initials of names
(jiehundengji, bdcdj) and pairs of syllables, which make homophone typos (不动产登纪, 营业执招)
sound the same as the real name.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

import jieba
import opencc
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# A converter artefact: a syllable in brackets right after a character, e.g. 業(yè).
PINYIN_ARTEFACT = re.compile(rf"(?<=[{HAN}])[(（][a-zA-Zà-ǜüÜ]{{1,7}}[1-5]?[)）]")
HAN_RUN = re.compile(rf"[{HAN}]+")
LATIN_QUERY = re.compile(r"^[a-z' ]+$")
NAME_PARTS = re.compile(r"[（）()、，,；;：:·\s/]+")


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Simplified, half-width, lower-case text without converter artefacts."""
    text = unicodedata.normalize("NFKC", text or "")
    text = PINYIN_ARTEFACT.sub("", text)
    return _converter().convert(text).lower().strip()


def words(text: str) -> list[str]:
    """Normalised words (jieba's search mode also yields the parts of long words)."""
    return [
        w for w in (w.strip() for w in jieba.cut_for_search(normalise(text))) if w and w.isalnum()
    ]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where jieba's words start and end in ``text`` (already normalised): 随迁 of 随迁子女 is
    one word, 迁 of 户口迁到 one of its own."""
    return [(start, end) for _, start, end in jieba.tokenize(text)]


def characters(text: str) -> list[str]:
    """Single Han characters and pairs of neighbours: what ``cjk_bigram`` with unigrams
    produces, so the embedded engine recalls what Elasticsearch recalls."""
    terms: list[str] = []
    for run in HAN_RUN.findall(normalise(text)):
        terms.extend(run)
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def pairs(text: str) -> list[str]:
    """Pairs of neighbouring Han characters (``cjk_bigram`` without unigrams): the terms of a
    guide's body, where single characters would match nearly every guide."""
    return [term for term in characters(text) if len(term) == 2]


@functools.cache
def _syllables() -> frozenset[str]:
    """Every syllable of Mandarin without tones (ü as v, as lazy_pinyin writes it)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = (to_normal(p) for value in pinyin_dict.values() for p in value.split(","))
    return frozenset(r.replace("ü", "v") for r in readings if r.isascii() and r.isalpha())


def syllables(latin: str) -> list[str]:
    """Pinyin typed without spaces cut into syllables (the fewest; at a tie the longer first,
    gangao → gang ao), or [] when it is not pinyin."""
    known = _syllables()
    best: dict[int, list[str]] = {0: []}
    for start in range(len(latin)):
        if start not in best:
            continue
        for end in range(start + 1, min(start + 6, len(latin)) + 1):
            if latin[start:end] in known and (
                end not in best or len(best[end]) >= len(best[start]) + 1
            ):
                best[end] = [*best[start], latin[start:end]]
    return best.get(len(latin), [])


def sounds(text: str) -> list[str]:
    """Pairs of neighbouring syllables ("dengji"): 登纪 sounds like 登记, and pinyin typed in
    Latin letters (shenfenzheng buban) sounds like the names it spells."""
    text = normalise(text)
    if LATIN_QUERY.match(text):
        runs = [syllables(word) for word in re.split(r"[' ]+", text) if word]
        said = [s for run in runs for s in run] if all(runs) else []
        return [said[i] + said[i + 1] for i in range(len(said) - 1)]
    terms: list[str] = []
    for run in HAN_RUN.findall(text):
        s = lazy_pinyin(run)
        terms.extend(s[i] + s[i + 1] for i in range(len(s) - 1))
    return terms


def spoken(text: str) -> str:
    """The full pinyin of the Han characters of a text, without spaces."""
    return "".join(lazy_pinyin(HAN_RUN.findall(normalise(text))))


def pinyin_keys(name: str) -> set[str]:
    """Full pinyin and initials of a name, of each part of it (split at brackets and
    punctuation) and of its words: jiehundengji, bdcdj, dengji."""
    parts = [p for p in NAME_PARTS.split(normalise(name)) if HAN_RUN.search(p)]
    keys = {"".join(lazy_pinyin(HAN_RUN.findall(w))) for w in words(name) if len(w) > 1}
    for part in parts:
        keys.add("".join(lazy_pinyin(HAN_RUN.findall(part))))
        keys.add("".join(lazy_pinyin(HAN_RUN.findall(part), style=Style.FIRST_LETTER)))
    return {key for key in keys if len(key) > 2}


def latin_query(text: str) -> str | None:
    """The query as one pinyin string when it is typed in Latin letters, else None."""
    text = normalise(text)
    if LATIN_QUERY.match(text):
        return re.sub(r"[' ]", "", text) or None
    return None
