"""Keeping both indexes right as editors work: an outbox.

A change that affects what the search shows (publishing, unpublishing, moving or deleting a
guide, a life event published, a service point saved, a catalogue import) records its guides in
``PendingUpdate`` in its own transaction, so the record commits or rolls back with the change.
After the commit the recorded guides are written to every engine and their rows deleted. A crash
between the two, an engine that cannot be reached or a write that fails leaves the rows, which
``search_index retry`` (run periodically, docs/search.md) writes later. The editor's save never
fails because of the search.

Writers take turns (the embedded index's sequence row is their lock) and read each guide only
once it is their turn, so a slower writer can never overwrite a newer document with an older
one; each deletes only the rows it read, so a change recorded while it wrote stays pending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from guides.models import GuidePage
from search import engines
from search.documents import document_for, guides_to_index
from search.models import IndexSequence, PendingUpdate

logger = logging.getLogger(__name__)
CHUNK = 500  # guides per index write


# Guides changed in this thread's open transaction, written by one callback after the commit.
# One transaction may record the same guides many times (the demo load publishes 37 guides and
# saves 38 halls that offer most of them); the rows are recorded each time (a rolled-back
# savepoint takes its rows with it), the write after commit happens once.
_changed = threading.local()


def update_later(page_ids: Iterable[int]) -> None:
    """Record these guides for reindexing in the current transaction, and write them to the
    engines once it commits."""
    ids = set(page_ids)
    if not ids:
        return
    PendingUpdate.objects.bulk_create([PendingUpdate(page_id=pid) for pid in sorted(ids)])
    pending = getattr(_changed, "ids", None)
    if pending is None:
        pending = _changed.ids = set()
    pending |= ids
    transaction.on_commit(_write_changed)


def _write_changed() -> None:
    ids = sorted(getattr(_changed, "ids", ()))
    _changed.ids = set()
    if not ids:
        return
    try:
        write_pending(ids)
    except Exception:  # the change is committed and its rows with it: a later run writes them
        logger.exception("search: could not write pages %s…", ids[:5])


def write_pending(page_ids: list[int] | None = None) -> int:
    """Writes the recorded updates of these guides (of every guide with ``None``) to every
    engine, ``CHUNK`` guides at a time so an import of thousands is never held in memory at
    once. An engine that fails is logged and not tried again for the rest of this run; the
    rows it missed stay recorded with the error. Returns how many guides are still pending."""
    recorded = PendingUpdate.objects.all()
    if page_ids is not None:
        recorded = recorded.filter(page_id__in=page_ids)
    ids = sorted(set(recorded.values_list("page_id", flat=True)))
    failed: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        try:
            _write(ids[start : start + CHUNK], failed)
        except Exception:  # the database itself: the rows stay, a later run writes them
            logger.exception("search: could not write pages %s…", ids[start : start + 5])
            break
    return PendingUpdate.objects.filter(page_id__in=ids).values("page_id").distinct().count()


def _write(page_ids: list[int], failed: dict[str, str]) -> None:
    """One chunk, in one transaction: the writer's turn, the recorded rows, the guides as they
    are now, each engine (the embedded one in a savepoint of its own), the rows done."""
    with transaction.atomic():
        IndexSequence.objects.get_or_create(pk=1)
        IndexSequence.objects.select_for_update().get(pk=1)  # writers take turns
        recorded = PendingUpdate.objects.filter(page_id__in=page_ids).values_list("pk", "page_id")
        rows = dict(recorded)
        if not rows:  # another writer did them
            return
        ids = sorted(set(rows.values()))
        live = {g.pk: g for g in guides_to_index().filter(pk__in=ids)}
        documents = [document_for(g) for g in live.values()]
        gone = [pid for pid in ids if pid not in live]
        for engine in engines.all_engines():
            if engine.name in failed:
                continue
            try:
                with transaction.atomic():
                    engine.index(documents)
                    engine.remove(gone)
            except Exception as error:  # whatever went wrong, the editor's save stands
                logger.exception("search: %s could not write pages %s…", engine.name, ids[:5])
                failed[engine.name] = f"{engine.name}: {error}"[:1000]
        done = PendingUpdate.objects.filter(pk__in=list(rows))
        if failed:
            done.update(
                attempts=F("attempts") + 1,
                last_error="\n".join(failed.values()),
                updated_at=timezone.now(),
            )
        else:
            done.delete()


def retry_pending() -> int:
    """Writes every recorded update; returns how many guides are still pending."""
    return write_pending()


def guides_at_point(point_id: int) -> list[int]:
    return list(
        GuidePage.objects.filter(offers__service_point_id=point_id).values_list("pk", flat=True)
    )
