from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from plugins import admin_urls
from plugins.admin_views import may_see_plugins


class PluginsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_see_plugins(request.user)


@hooks.register("register_admin_urls")
def register_plugin_admin_urls():
    return [path("plugins/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_plugins_menu_item():
    return PluginsMenuItem(
        _("Township plugins"), reverse("plugins_admin:index"), icon_name="cogs", order=900
    )
