"""Small tables every public query consults (synonyms, best bets, township seats), read
whole and held in memory.

Reading them with a query of their own on every search cost more than the lookups themselves.
An edit takes effect at once in the process that saves it (a save or delete drops what the
process holds) and within ``HELD_SECONDS`` in the others.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.db.models.signals import post_delete, post_save

HELD_SECONDS = 30.0

T = TypeVar("T")
_drops: list[Callable[..., None]] = []


def held(*tables: type[models.Model]) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorates a function that reads ``tables`` whole: its answer is kept for HELD_SECONDS,
    and read afresh after a save or delete of one of them in this process."""

    def decorate(read: Callable[[], T]) -> Callable[[], T]:
        # One slot holding (until, answer) or None, read and replaced whole: a drop on another
        # thread between two reads of it cannot leave this one with half an entry.
        kept: list[tuple[float, T] | None] = [None]

        @functools.wraps(read)
        def current() -> T:
            now = time.monotonic()
            entry = kept[0]
            if entry is None or now >= entry[0]:
                entry = kept[0] = (now + HELD_SECONDS, read())
            return entry[1]

        def drop(**kwargs) -> None:
            kept[0] = None

        for table in tables:
            post_save.connect(drop, sender=table, weak=False)
            post_delete.connect(drop, sender=table, weak=False)
        _drops.append(drop)
        return current

    return decorate


def drop_all() -> None:
    """Forgets everything held: for edits that send no signal (bulk writes, a rolled-back
    test)."""
    for drop in _drops:
        drop()
