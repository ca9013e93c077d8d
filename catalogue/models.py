"""Column mappings saved by an administrator: how a header of a provincial export that the
national names do not cover is read, for every later file that has it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnMapping(models.Model):
    header = models.CharField(_("column"), max_length=100, unique=True)
    # One of catalogue.national.TARGETS, checked where a mapping is made (the admin's form,
    # ``--map``), so that a new target needs no migration.
    target = models.CharField(_("read as"), max_length=30)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        ordering = ["header"]

    def __str__(self) -> str:
        return f"{self.header}={self.target}"
