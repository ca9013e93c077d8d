from django.urls import path

from notices import views

# Mounted before Wagtail's catch-all, which otherwise serves everything under /guides/<code>/.
urlpatterns = [
    path("guides/<str:code>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("guides/<str:code>/print.pdf", views.guide_print, name="guide_print"),
    path("notices/<str:serial>/", views.verify, name="notice_verify"),
]
