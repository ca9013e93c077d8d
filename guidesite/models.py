"""The home page and the settings that apply to the whole site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

from guides.validators import phone_validator


class HomePage(Page):
    tagline = models.CharField(
        _("tagline"), max_length=120, blank=True, help_text=_("e.g. 就近办、一次办、马上办")
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("tagline"), FieldPanel("intro")]
    subpage_types = ["guides.GuideIndexPage", "guides.LifeEventIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from guides.models import LifeEventPage, Theme

        context = super().get_context(request, *args, **kwargs)
        context["life_events"] = LifeEventPage.objects.live().order_by("path")
        context["themes"] = Theme.objects.all()
        return context


@register_setting(icon="site")
class CountySettings(BaseGenericSetting):
    """Who runs the site and how citizens reach them."""

    county = models.ForeignKey(
        "guides.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    operator = models.CharField(
        _("operated by"), max_length=100, blank=True, help_text=_("e.g. 陵水黎族自治县政务服务中心")
    )
    hotline = models.CharField(
        _("service hotline"), max_length=30, default="12345", validators=[phone_validator]
    )
    footer_note = models.CharField(_("footer note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("county settings")
