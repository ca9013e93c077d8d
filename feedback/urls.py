"""Public pages and the JSON API of ratings, problem reports and figures.

Mounted before Wagtail's catch-all, which otherwise serves everything under /guides/<code>/.
"""

from django.urls import path

from feedback import api, views

urlpatterns = [
    path("api/guides/<str:code>/feedback/", api.rate, name="api_feedback"),
    path("api/guides/<str:code>/reports/", api.report_on_guide, name="api_guide_reports"),
    path("api/reports/", api.report, name="api_reports"),
    path("api/reports/<str:reference>/", api.report_status, name="api_report_status"),
    path("api/figures/", api.figures, name="api_figures"),
    path("guides/<str:code>/rate/", views.rate, name="feedback_rate"),
    path("feedback/thanks/", views.thanks, name="feedback_thanks"),
    path("reports/new/", views.report_form, name="feedback_report_form"),
    path("reports/", views.report_lookup, name="feedback_report_lookup"),
    path("reports/<str:reference>/", views.report_status, name="feedback_report"),
    path("figures/", views.figures_page, name="feedback_figures"),
]
