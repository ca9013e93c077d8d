from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesiteConfig(AppConfig):
    name = "guidesite"
    verbose_name = _("Site")
