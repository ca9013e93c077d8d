from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginsConfig(AppConfig):
    name = "plugins"
    verbose_name = _("Township plugins")

    def ready(self) -> None:
        from guides.signals import demo_loaded
        from plugins.demo import load_example_plugins

        demo_loaded.connect(load_example_plugins, dispatch_uid="plugins.demo")
