"""Who works on the platform, in which role, and for which township."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator")
    COUNTY_REVIEWER = "county_reviewer", _("County reviewer")
    TOWNSHIP_ADMIN = "township_admin", _("Township administrator")
    TOWNSHIP_EDITOR = "township_editor", _("Township editor")
    WINDOW_STAFF = "window_staff", _("Window staff")


# Roles whose work is confined to one township.
TOWNSHIP_ROLES = (StaffRole.TOWNSHIP_ADMIN, StaffRole.TOWNSHIP_EDITOR)


class StaffProfile(models.Model):
    """A staff user's role; township roles name their township, window staff their hall."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    township = models.ForeignKey(
        "guides.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        limit_choices_to={"level": "township"},
    )
    service_point = models.ForeignKey(
        "guides.ServicePoint",
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("For window staff: the hall whose forms they print by default."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.role in TOWNSHIP_ROLES and self.township_id is None:
            raise ValidationError({"township": _("A township role needs its township.")})
        if self.township_id and self.township.level != "township":
            raise ValidationError({"township": _("Choose a township, not a county or village.")})
