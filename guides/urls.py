from django.urls import path

from guides import views

urlpatterns = [
    path("service-points/", views.service_point_list, name="service_point_list"),
    path("service-points/<int:pk>/", views.service_point_detail, name="service_point_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
]
