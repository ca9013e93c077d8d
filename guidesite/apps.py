from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesiteConfig(AppConfig):
    name = "guidesite"
    verbose_name = _("Site")

    def ready(self) -> None:
        from guides.signals import demo_loaded, demo_loading
        from guidesite.demo import build_home, configure_county_settings

        demo_loading.connect(build_home, dispatch_uid="guidesite.home")
        demo_loaded.connect(configure_county_settings, dispatch_uid="guidesite.county_settings")
