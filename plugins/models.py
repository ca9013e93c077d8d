"""What the site remembers about plugins: manifest versions, where each plugin is enabled and with
which values, who changed what, and the rule failures the admin must see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guides.validators import MATTER_CODE_LENGTH


class Manifest(models.Model):
    """A low-code plugin; ``current`` is the version that runs (rolled back by moving it)."""

    plugin_id = models.SlugField(_("plugin id"), max_length=50, unique=True)
    current = models.ForeignKey(
        "ManifestVersion",
        verbose_name=_("running version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plugin manifest")
        ordering = ["plugin_id"]

    def __str__(self) -> str:
        return self.plugin_id


class ManifestVersion(models.Model):
    """One saved text of a manifest; only valid texts are ever stored."""

    manifest = models.ForeignKey(Manifest, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    source = models.TextField(_("manifest (YAML or JSON)"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["manifest", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["manifest", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.manifest.plugin_id} v{self.number}"


class TownshipPlugin(models.Model):
    """A plugin enabled (or disabled) in one township, with the township's values."""

    township = models.ForeignKey(
        "guides.Region",
        on_delete=models.CASCADE,
        related_name="plugin_settings",
        limit_choices_to={"level": "township"},
    )
    plugin_id = models.CharField(_("plugin id"), max_length=100)
    enabled = models.BooleanField(_("enabled"), default=False)
    values = models.JSONField(_("values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("township plugin setting")
        constraints = [
            models.UniqueConstraint(fields=["township", "plugin_id"], name="one_setting_per_plugin")
        ]

    def __str__(self) -> str:
        return f"{self.plugin_id} @ {self.township}"


class PluginChange(models.Model):
    """The log: who changed what about a plugin, when."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plugin_id = models.CharField(_("plugin id"), max_length=100)
    township = models.ForeignKey(
        "guides.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("what"), max_length=40)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.plugin_id}"


class RuleFailure(models.Model):
    """A rule that raised or ran over its budget; the check it was in denied."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    plugin_id = models.CharField(_("plugin id"), max_length=100)
    rule_id = models.CharField(_("rule"), max_length=100)
    matter_code = models.CharField(_("matter"), max_length=MATTER_CODE_LENGTH)
    township_code = models.CharField(_("township"), max_length=12, blank=True)
    error = models.TextField(_("error"))

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plugin_id}.{self.rule_id} on {self.matter_code}"
