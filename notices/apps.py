import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Printed forms")

    def ready(self) -> None:
        # WeasyPrint announces every rendering step at INFO; the site logs at INFO.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from guides.signals import demo_loaded
        from notices.demo import add_letterheads

        demo_loaded.connect(add_letterheads, dispatch_uid="notices.add_letterheads")
