"""整改: a bad rating (or a gap a problem report found) becomes a task for the guide's editors.

待整改 → 整改中 → 已整改待回访 → 已办结, due 15 working days after it was opened (the county's
holiday calendar, ``guides.working_days``); the call-back (电话回访) closes it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Rating, Rectification, RectificationState
from feedback.transitions import TransitionError, advance, record_step
from guides.models import GuidePage, Offer, Region, ServicePoint
from guides.rules import township_of_object
from guides.working_days import WorkingCalendar

# Sichuan and most provinces: a bad rating is rectified and called back within 15 working days.
RECTIFICATION_WORKING_DAYS = 15

State = RectificationState


def owner_township(guide: GuidePage | None, point: ServicePoint | None = None) -> Region | None:
    """Whose editors answer for a matter at a point: the township of the guide's offer at the
    point visited (a hall's local details), else the township of a local guide; None for the
    county's editors."""
    if guide is not None and point is not None:
        offer = Offer.objects.filter(guide=guide, service_point=point).select_related(
            "service_point__township"
        )
        if offer:
            return township_of_object(offer[0])
    return township_of_object(guide) if guide is not None else None


def due_date(opened: dt.date) -> dt.date:
    return WorkingCalendar.of_county().add(opened, RECTIFICATION_WORKING_DAYS)


def open_rectification(
    *,
    guide: GuidePage | None,
    township: Region | None,
    reason: str,
    rating: Rating | None = None,
    report=None,
    user=None,
) -> Rectification:
    opened = timezone.now()
    with transaction.atomic():
        task = Rectification.objects.create(
            rating=rating,
            report=report,
            guide=guide,
            township=township,
            reason=reason,
            opened_at=opened,
            due_date=due_date(timezone.localdate(opened)),
        )
        record_step(task, "open", user=user, note=reason)
    return task


def rectification_for(rating: Rating) -> Rectification | None:
    """A bad rating's task; good and fair ratings ask nothing of the editors."""
    if not rating.is_bad:
        return None
    parts = [rating.get_level_display(), *rating.get_tags_display()]
    reason = "；".join(parts) + (f"\n{rating.comment}" if rating.comment else "")
    return open_rectification(
        guide=rating.guide, township=rating.township, reason=reason, rating=rating
    )


def start(task: Rectification, user, note: str = "") -> None:
    """待整改 → 整改中."""
    advance(
        task,
        "start",
        allowed_from=[State.PENDING],
        to=State.IN_PROGRESS,
        user=user,
        note=note,
        refusal=_("Only a task still to rectify can be started."),
    )


def resolve(task: Rectification, user, action: str) -> None:
    """整改中 → 已整改待回访, saying what was changed (the guide, the window, the staff …)."""
    action = action.strip()
    if not action:
        raise TransitionError(_("Say what was rectified."))
    advance(
        task,
        "resolve",
        allowed_from=[State.IN_PROGRESS],
        to=State.AWAITING_CALLBACK,
        user=user,
        note=action,
        refusal=_("Start the rectification before marking it done."),
        action=action,
        resolved_at=timezone.now(),
    )


def call_back(task: Rectification, user, *, reached: bool, result: str) -> None:
    """已整改待回访 → 已办结: the call-back, reached or not, with its result."""
    result = result.strip()
    if not result:
        raise TransitionError(_("Write down the result of the call-back."))
    now = timezone.now()
    advance(
        task,
        "call_back",
        allowed_from=[State.AWAITING_CALLBACK],
        to=State.CLOSED,
        user=user,
        note=result,
        refusal=_("Call the citizen back after the rectification."),
        callback_reached=reached,
        callback_result=result,
        callback_at=now,
        closed_at=now,
    )
