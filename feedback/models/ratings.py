"""好差评: a citizen's rating of a matter, one per visit (一次一评、一事一评), no login."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models.reports import mask_phone
from guides.validators import MATTER_CODE_LENGTH

# A bad rating (1 or 2) opens a rectification task; 4 and 5 count as good (好评).
BAD_LEVELS = (1, 2)
GOOD_LEVELS = (4, 5)
MAX_COMMENT = 500


class Level(models.IntegerChoices):
    """The five levels of GB/T 39734-2020."""

    VERY_DISSATISFIED = 1, _("Very dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    FAIR = 3, _("Fair")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")


class Tag(models.TextChoices):
    """What went wrong, pointing at the guide's own elements where it can: the most frequent
    reasons of bad ratings in the provincial reports."""

    MATERIALS = "materials", _("Materials differ from the guide")
    CONDITIONS = "conditions", _("Conditions differ from the guide")
    OVERDUE = "overdue", _("Time limit overrun")
    EXTRA_VISITS = "extra_visits", _("Had to come back more times")
    HARD_TO_FIND = "hard_to_find", _("Could not find the window")
    ATTITUDE = "attitude", _("Staff attitude")
    GUIDE_UNCLEAR = "guide_unclear", _("The guide is hard to understand")


class Channel(models.TextChoices):
    GUIDE_PAGE = "guide", _("Guide page")
    SELF_CHECK = "self_check", _("Self check")
    VERIFY = "verify", _("Printed form's verify page")
    API = "api", _("API")


class RatingQuerySet(models.QuerySet):
    def past_retention(self, now: dt.datetime | None = None) -> RatingQuerySet:
        """Ratings whose phone number is older than FEEDBACK_RETENTION_DAYS, not yet purged."""
        cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return self.filter(created_at__lt=cutoff, purged_at__isnull=True).exclude(phone="")

    def purge_personal_data(self) -> int:
        return self.update(phone="", purged_at=timezone.now())


class Rating(models.Model):
    guide = models.ForeignKey(
        "guides.GuidePage",
        verbose_name=_("matter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matter_code = models.CharField(_("matter code"), max_length=MATTER_CODE_LENGTH)
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    tags = models.JSONField(_("what went wrong"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    service_point = models.ForeignKey(
        "guides.ServicePoint",
        verbose_name=_("service point visited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whose editors answer for it: the township of the offer at the point visited, else of a
    # local guide; None is the county. Kept so that figures and task lists filter in SQL.
    township = models.ForeignKey(
        "guides.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice = models.OneToOneField(
        "notices.IssuedNotice",
        verbose_name=_("printed form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rating",
        help_text=_("A rating from a form's verify page: one per form serial."),
    )
    phone = models.CharField(
        _("phone for the call-back"), max_length=30, blank=True, help_text=_("Optional.")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)
    purged_at = models.DateTimeField(_("phone purged at"), null=True, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.matter_code} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def get_tags_display(self) -> list[str]:
        return [str(Tag(tag).label) for tag in self.tags if tag in Tag.values]
