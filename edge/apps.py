from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdgeConfig(AppConfig):
    """What every request passes before a view: input bounds, the refusal shape, throttles,
    the anonymous API routes, the Content-Security-Policy and the admin login brake."""

    name = "edge"
    verbose_name = _("Edge")

    def ready(self) -> None:
        from edge.csp import nonce_chooser_scripts

        nonce_chooser_scripts()
