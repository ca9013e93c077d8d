from django.urls import path

from selfcheck import views

urlpatterns = [
    path("api/guides/<str:code>/precheck/", views.precheck_api, name="precheck_api"),
    path("api/guides/<str:code>/places/", views.places_api, name="api_guide_places"),
    path("self-check/<str:code>/", views.self_check, name="self_check"),
]
