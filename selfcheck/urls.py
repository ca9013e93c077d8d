from django.urls import path

from selfcheck import views

urlpatterns = [
    path("api/guides/<str:code>/precheck/", views.precheck_api, name="precheck_api"),
    path("self-check/<str:code>/", views.self_check, name="self_check"),
]
