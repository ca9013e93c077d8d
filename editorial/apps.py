from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial work")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from editorial.demo import add_demo_editors
        from editorial.roles import profile_saved
        from guides.models import StaffProfile
        from guides.signals import demo_loaded

        demo_loaded.connect(add_demo_editors, dispatch_uid="editorial.demo")
        post_save.connect(profile_saved, sender=StaffProfile, dispatch_uid="editorial.roles")
