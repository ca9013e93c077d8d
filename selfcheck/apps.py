from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfCheckConfig(AppConfig):
    name = "selfcheck"
    verbose_name = _("Self check")
