"""The register of issued forms: what each printed 一次性告知单 said, for the verify page."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guides.validators import MATTER_CODE_LENGTH

# No 0/O, 1/I: a serial is read aloud over the phone and typed from paper.
SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_serial() -> str:
    """e.g. 20261122-7KQ4M2XP: the issue date, then 40 random bits, so serials are not guessable
    and the verify page cannot be walked."""
    random_part = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
    return f"{timezone.localdate():%Y%m%d}-{random_part}"


class IssuedNoticeQuerySet(models.QuerySet):
    def past_retention(self, now: dt.datetime | None = None) -> IssuedNoticeQuerySet:
        """Records whose personal data is older than NOTICE_RETENTION_DAYS and not yet purged."""
        cutoff = (now or timezone.now()) - dt.timedelta(days=settings.NOTICE_RETENTION_DAYS)
        return self.filter(issued_at__lt=cutoff, purged_at__isnull=True)

    def purge_personal_data(self) -> int:
        return self.update(applicant_name="", applicant_phone="", purged_at=timezone.now())

    def issue(self, **fields) -> IssuedNotice:
        """A new record; for an anonymous blank form, the day's record of the very same form.

        A blank form (no answers, no applicant, nobody signed in) says the same to everyone who
        asks for it at that hall, so one record a day stands for all its copies: its serial is
        genuine on the verify page, and a flood of anonymous requests writes nothing new.
        """
        personal = ("personalised", "issued_by", "applicant_name", "applicant_phone")
        if not any(fields.get(name) for name in personal):
            same = self.filter(
                issued_at__date=timezone.localdate(),
                personalised=False,
                issued_by=None,
                applicant_name="",
                applicant_phone="",
                guide=fields["guide"],
                guide_revision_id=fields["guide_revision_id"],
                service_point=fields["service_point"],
                content=fields["content"],
            ).first()
            if same is not None:
                return same
        return self.create(**fields)


class IssuedNotice(models.Model):
    """One printed form. ``content`` is what it said (matter, hall, materials and their status);
    the applicant's answers are kept only as a keyed hash, their name and phone only until the
    retention period ends."""

    serial = models.CharField(_("serial number"), max_length=20, unique=True, default=new_serial)
    guide = models.ForeignKey(
        "guides.GuidePage",
        verbose_name=_("matter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matter_code = models.CharField(_("matter code"), max_length=MATTER_CODE_LENGTH)
    guide_revision_id = models.PositiveBigIntegerField(_("guide revision"), null=True)
    service_point = models.ForeignKey(
        "guides.ServicePoint",
        verbose_name=_("service point"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personalised = models.BooleanField(_("personalised"), default=False)
    answers_hash = models.CharField(_("hash of the answers"), max_length=64, blank=True)
    applicant_name = models.CharField(_("applicant"), max_length=50, blank=True)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=30, blank=True)
    content = models.JSONField(_("what the form said"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)

    objects = IssuedNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued form")
        verbose_name_plural = _("issued forms")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.serial

    @property
    def masked_applicant(self) -> str:
        """张三丰 → 张**: enough for the applicant to recognise, too little to identify them."""
        name = self.applicant_name
        return name[:1] + "*" * (len(name) - 1) if name else ""
