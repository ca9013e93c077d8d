from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from notices.admin_views import may_print, print_notices


class PrintMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_print(request.user)


@hooks.register("register_admin_urls")
def register_notice_admin_urls():
    return [path("notices/print/", print_notices, name="notices_print")]


@hooks.register("register_admin_menu_item")
def register_print_menu_item():
    return PrintMenuItem(
        _("Print forms"), reverse("notices_print"), icon_name="doc-full", order=300
    )
