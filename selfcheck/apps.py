from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfCheckConfig(AppConfig):
    name = "selfcheck"
    verbose_name = _("Self check")

    def ready(self) -> None:
        # plugins sits below the self check and cannot import it: ``plugins try`` and the
        # admin's preview reach it through this registration (see plugins.trial)
        from plugins.trial import register_precheck
        from selfcheck.trial import outcome_of

        register_precheck(outcome_of)
