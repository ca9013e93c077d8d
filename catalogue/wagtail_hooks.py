from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalogue import views


@hooks.register("register_admin_urls")
def register_catalogue_urls():
    return [
        path("catalogue/import/", views.import_view, name="catalogue_import"),
        path("catalogue/export/", views.export_view, name="catalogue_export"),
    ]


class CatalogueMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_catalogue_menu_item():
    return CatalogueMenuItem(
        _("Catalogue import"), reverse("catalogue_import"), icon_name="download", order=220
    )
