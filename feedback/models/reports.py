"""办不成事: a problem nobody could solve, followed by its reference number from 受理 to 回访."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices.models import SERIAL_ALPHABET

MAX_DESCRIPTION = 1000


def new_reference() -> str:
    """e.g. BJ20261122-7KQ4M2: the day it came in, then 30 random bits, so the public status
    page cannot be walked; read aloud over the phone without 0/O or 1/I."""
    random_part = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(6))
    return f"BJ{timezone.localdate():%Y%m%d}-{random_part}"


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * (len(phone) - 2) + phone[-2:]


class ReportState(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")  # 受理
    INFORMED = "informed", _("Told what can be done")  # 告知
    COORDINATING = "coordinating", _("Being coordinated")  # 协调
    SUPERVISED = "supervised", _("Under supervision")  # 督办
    CLOSED = "closed", _("Called back and closed")  # 回访


class ReportChannel(models.TextChoices):
    PUBLIC = "public", _("Reported online")
    WINDOW = "window", _("Recorded at a window")


class GapKind(models.TextChoices):
    """What a report showed the guide lacks."""

    MISSING_MATERIAL = "missing_material", _("A material the guide does not list")
    MISSING_CONDITION = "missing_condition", _("A condition the guide does not state")
    WRONG_PLACE = "wrong_place", _("A wrong hall, window or opening hours")
    OTHER = "other", _("Something else in the guide")


class ProblemReportQuerySet(models.QuerySet):
    def open(self) -> ProblemReportQuerySet:
        return self.exclude(state=ReportState.CLOSED)

    def past_retention(self, now: dt.datetime | None = None) -> ProblemReportQuerySet:
        """Reports whose phone number is older than FEEDBACK_RETENTION_DAYS and not yet purged."""
        cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return self.filter(received_at__lt=cutoff, purged_at__isnull=True)

    def purge_personal_data(self) -> int:
        return self.update(phone="", purged_at=timezone.now())


class ProblemReport(models.Model):
    reference = models.CharField(
        _("reference number"), max_length=20, unique=True, default=new_reference
    )
    guide = models.ForeignKey(
        "guides.GuidePage",
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matter = models.CharField(_("matter, in the citizen's words"), max_length=100, blank=True)
    description = models.TextField(_("the problem"))
    township = models.ForeignKey(
        "guides.Region",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "township"},
    )
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ReportChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The one person who sees the contact phone in full."),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.ACCEPTED
    )
    explanation = models.TextField(_("what can and cannot be done, and why"), blank=True)
    callback_reached = models.BooleanField(_("citizen reached"), null=True)
    callback_result = models.TextField(_("closing result"), blank=True)
    gap_kind = models.CharField(
        _("gap in the guide"), max_length=20, choices=GapKind.choices, blank=True
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("phone purged at"), null=True, blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report (办不成事)")
        verbose_name_plural = _("problem reports (办不成事)")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def phone_for(self, user) -> str:
        """The phone in full for the assigned handler only, masked for everyone else."""
        if self.handler_id is not None and getattr(user, "pk", None) == self.handler_id:
            return self.phone
        return self.masked_phone


class Assignment(models.Model):
    """协调: one department or township asked to act on a report, by a deadline."""

    report = models.ForeignKey(ProblemReport, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.CharField(
        _("department or township"), max_length=100, help_text=_("e.g. 县市场监督管理局")
    )
    deadline = models.DateField(_("deadline"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    result = models.TextField(_("what they did"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.assignee} ({self.deadline})"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_at is None and self.deadline < (today or timezone.localdate())
