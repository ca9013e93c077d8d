"""整改: what a bad rating or a gap found by a problem report asks of the guide's editors."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RectificationState(models.TextChoices):
    PENDING = "pending", _("To rectify")  # 待整改
    IN_PROGRESS = "in_progress", _("Being rectified")  # 整改中
    AWAITING_CALLBACK = "awaiting_callback", _("Rectified, call-back due")  # 已整改待回访
    # "Closed" alone is the opening hours' 休息 elsewhere in the interface.
    CLOSED = "closed", pgettext_lazy("rectification state", "Closed")  # 已办结


class RectificationQuerySet(models.QuerySet):
    def open(self) -> RectificationQuerySet:
        return self.exclude(state=RectificationState.CLOSED)

    def overdue(self, today: dt.date | None = None) -> RectificationQuerySet:
        """Open tasks whose due date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Rectification(models.Model):
    rating = models.OneToOneField(
        "feedback.Rating",
        verbose_name=_("rating"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rectification",
    )
    report = models.ForeignKey(
        "feedback.ProblemReport",
        verbose_name=_("problem report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guide_changes",
    )
    guide = models.ForeignKey(
        "guides.GuidePage",
        verbose_name=_("matter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    township = models.ForeignKey(
        "guides.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose editors rectify it; empty for the county's."),
    )
    reason = models.TextField(_("what the citizen said"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RectificationState.choices,
        default=RectificationState.PENDING,
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due_date = models.DateField(_("due"), db_index=True)
    action = models.TextField(_("what was rectified"), blank=True)
    resolved_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    callback_reached = models.BooleanField(_("citizen reached"), null=True)
    callback_result = models.TextField(_("call-back result"), blank=True)
    callback_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=False) | models.Q(report__isnull=False),
                name="feedback_rectification_has_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.guide or '—'} · {self.get_state_display()}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open past its due date, or closed after it."""
        if self.state == RectificationState.CLOSED:
            return bool(self.closed_at and timezone.localdate(self.closed_at) > self.due_date)
        return self.due_date < (today or timezone.localdate())


class StepAction(models.TextChoices):
    OPEN = "open", _("Task opened")
    START = "start", _("Rectification started")
    RESOLVE = "resolve", _("Rectified")
    ACCEPT = "accept", _("Accepted")
    TAKE = "take", _("Handler assigned")
    INFORM = "inform", _("Citizen told what can be done")
    ASSIGN = "assign", _("Passed to a department or township")
    ASSIGNMENT_DONE = "assignment_done", _("Department or township reported back")
    SUPERVISE = "supervise", _("Past the deadline: under the county's supervision")
    GAP = "gap", _("Guide change opened")
    CALL_BACK = "call_back", _("Called back and closed")


class HandlingStep(models.Model):
    """One recorded step of a rectification or a problem report: who, when, what."""

    rectification = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    report = models.ForeignKey(
        "feedback.ProblemReport",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("step"), max_length=20, choices=StepAction.choices)
    state = models.CharField(_("state after the step"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rectification__isnull=True, report__isnull=False)
                | models.Q(rectification__isnull=False, report__isnull=True),
                name="feedback_step_has_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
