"""Keeping both indexes right as editors work.

Signal handlers only note which guides changed; the indexes are written after the transaction
commits, so a rolled-back edit never reaches them. If Elasticsearch cannot be reached the guide is
queued in ``PendingUpdate`` and retried by the next update or by ``search_index retry``: the
editor's save never fails because of the search.
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
from search.models import PendingUpdate

logger = logging.getLogger(__name__)
CHUNK = 500  # guides per index write


# Guides changed in this thread's open transaction. One transaction may touch the same guides
# many times (the demo load publishes 37 guides and saves 38 halls that offer most of them), so
# ids are collected here and written once; every callback drains the set, later ones find it
# empty. Ids left by a rolled-back savepoint are only reindexed (from the database) a bit later.
_changed = threading.local()


def update_later(page_ids: Iterable[int]) -> None:
    """Reindex these guides once the current transaction commits."""
    ids = set(page_ids)
    if not ids:
        return
    pending = getattr(_changed, "ids", None)
    if pending is None:
        pending = _changed.ids = set()
    pending |= ids
    transaction.on_commit(_write_changed)


def _write_changed() -> None:
    ids = sorted(getattr(_changed, "ids", ()))
    _changed.ids = set()
    if ids:
        update(ids)


def update(page_ids: list[int]) -> None:
    """Writes (or removes, when no longer live) these guides, and any still queued, in every
    engine, ``CHUNK`` guides at a time so a catalogue import of thousands is never held in
    memory at once. When an engine fails, the guides not yet written are queued."""
    ids = sorted({*page_ids, *PendingUpdate.objects.values_list("page_id", flat=True)})
    for start in range(0, len(ids), CHUNK):
        try:
            _write(ids[start : start + CHUNK])
        except Exception as error:  # whatever went wrong, the editor's save stands
            logger.exception("search: could not update pages %s…; queued", ids[start : start + 5])
            _queue(ids[start:], error)
            return


def _write(page_ids: list[int]) -> None:
    live = {g.pk: g for g in guides_to_index().filter(pk__in=page_ids)}
    documents = [document_for(g) for g in live.values()]
    gone = [pid for pid in page_ids if pid not in live]
    for engine in engines.all_engines():
        engine.index(documents)
        engine.remove(gone)
    PendingUpdate.objects.filter(page_id__in=page_ids).delete()


def _queue(page_ids: list[int], error: Exception) -> None:
    message = str(error)[:1000]
    queued = PendingUpdate.objects.filter(page_id__in=page_ids)
    known = set(queued.values_list("page_id", flat=True))
    queued.update(attempts=F("attempts") + 1, last_error=message, updated_at=timezone.now())
    PendingUpdate.objects.bulk_create(
        PendingUpdate(page_id=pid, last_error=message) for pid in page_ids if pid not in known
    )


def retry_pending() -> int:
    """Retries queued updates; returns how many are still queued."""
    if PendingUpdate.objects.exists():
        update([])
    return PendingUpdate.objects.count()


def guides_at_point(point_id: int) -> list[int]:
    return list(
        GuidePage.objects.filter(offers__service_point_id=point_id).values_list("pk", flat=True)
    )
