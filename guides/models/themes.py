"""Themes (主题) group guides the way citizens and businesses look for them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a matter serves (服务对象)."""

    PERSON = "person", _("Individuals")
    LEGAL_PERSON = "legal_person", _("Businesses and organisations")
    BOTH = "both", _("Individuals, businesses and organisations")


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, allow_unicode=False)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PERSON
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("theme_detail", args=[self.slug])
