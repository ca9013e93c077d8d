"""One step of a state machine, recorded with who and when (``HandlingStep``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model

from feedback.models import HandlingStep, ProblemReport, Rectification


class TransitionError(Exception):
    """A step that cannot be taken now; ``message`` says why, for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def advance(
    subject: Rectification | ProblemReport,
    step: str,
    *,
    allowed_from: Iterable[str],
    to: str | None,
    user,
    note: str = "",
    refusal: str,
    **fields: Any,
) -> HandlingStep:
    """Move ``subject`` from one of ``allowed_from`` to ``to`` (None: stay), set ``fields``
    and record the step; refuse with ``refusal`` from any other state. Locks the row, so two
    clerks pressing the same button at once cannot both take the step."""
    with transaction.atomic():
        locked = type(subject).objects.select_for_update().get(pk=subject.pk)
        if locked.state not in set(allowed_from):
            raise TransitionError(refusal)
        for name, value in {**fields, "state": to or locked.state}.items():
            setattr(locked, name, value)
        locked.save()
        subject.refresh_from_db()
        return record_step(subject, step, user=user, note=note)


def record_step(subject: Model, action: str, *, user=None, note: str = "") -> HandlingStep:
    key = "rectification" if isinstance(subject, Rectification) else "report"
    return HandlingStep.objects.create(
        **{key: subject},
        action=action,
        state=subject.state,
        note=note,
        by=user if getattr(user, "is_authenticated", False) else None,
    )
