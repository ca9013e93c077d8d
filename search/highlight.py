"""Highlighted snippets, cut in Python for both engines.

Marks every stretch of a field that a query word or pair of characters matches, in the first of
title, aliases and body that matches anything; a body is cut to a window around the match.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from search import text

SNIPPET_CHARS = 80


def _marked(field: str, terms: list[str]) -> list[bool]:
    mask = [False] * len(field)
    for term in terms:
        start = field.find(term)
        while start != -1:
            mask[start : start + len(term)] = [True] * len(term)
            start = field.find(term, start + 1)
    return mask


def _html(field: str, mask: list[bool]) -> str:
    out, position = [], 0
    for marked, run in groupby(mask):
        length = len(list(run))
        chunk = escape(field[position : position + length], quote=False)
        out.append(f"<mark>{chunk}</mark>" if marked else chunk)
        position += length
    return "".join(out)


class Highlighter:
    """The marks of one query, worked out once and applied to each hit."""

    def __init__(self, phrases: list[str]):
        terms = {w for p in phrases for w in text.words(p) if len(w) > 1}
        terms.update(t for p in phrases for t in text.pairs(p))
        if not terms:  # a one-character query
            terms = {c for p in phrases for c in text.characters(p)}
        self.terms = sorted(terms)

    def __call__(self, title: str, aliases: list[str], body: str) -> str:
        for field in (text.normalise(title), "、".join(text.normalise(a) for a in aliases)):
            mask = _marked(field, self.terms)
            if any(mask):
                return _html(field, mask)
        mask = _marked(body, self.terms)
        if any(mask):
            start = max(0, mask.index(True) - SNIPPET_CHARS // 4)
            window = slice(start, start + SNIPPET_CHARS)
            prefix = "…" if start else ""
            suffix = "…" if window.stop < len(body) else ""
            return prefix + _html(body[window], mask[window]) + suffix
        return escape(title, quote=False)
