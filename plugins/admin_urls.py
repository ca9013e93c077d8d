from django.urls import path

from plugins import admin_views

app_name = "plugins_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("manifests/new/", admin_views.manifest_edit, name="manifest_new"),
    path("manifests/<slug:plugin_id>/", admin_views.manifest_edit, name="manifest"),
    path(
        "manifests/<slug:plugin_id>/rollback/<int:number>/",
        admin_views.manifest_rollback,
        name="rollback",
    ),
    path("townships/<str:code>/", admin_views.township, name="township"),
]
