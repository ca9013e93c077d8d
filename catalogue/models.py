"""Column mappings saved by an administrator: how a header of a provincial export that the
national names do not cover is read, for every later file that has it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.national import TARGETS


class ColumnMapping(models.Model):
    header = models.CharField(_("column"), max_length=100, unique=True)
    target = models.CharField(_("read as"), max_length=30, choices=[(t, t) for t in TARGETS])
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        ordering = ["header"]

    def __str__(self) -> str:
        return f"{self.header}={self.target}"
