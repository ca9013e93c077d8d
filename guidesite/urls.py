from django.conf import settings
from django.conf.urls.static import static
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from edge.login import ThrottledLoginView
from editorial.history import TownshipSiteHistoryView
from guidesite import api_contract
from guidesite.api import api_router
from search import views as search_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # Wagtail's sign-in with a brake on password guessing, in front of Wagtail's own.
    path("admin/login/", ThrottledLoginView.as_view(), name="wagtailadmin_login"),
    # Wagtail's site history, confined to a township for its own staff (editorial/history.py).
    path("admin/reports/site-history/", TownshipSiteHistoryView.as_view()),
    path(
        "admin/reports/site-history/results/",
        TownshipSiteHistoryView.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/schema/", api_contract.schema, name="api_schema"),  # docs/api.md
    path("api/docs/", api_contract.docs, name="api_docs"),
    path("api/", include("search.urls")),  # api/search/, api/suggest/
    path("search/", search_views.search, name="search"),
    path("healthz/", healthz, name="healthz"),
    path("", include("guides.urls")),
    path("", include("selfcheck.urls")),  # the self check, api/guides/<code>/precheck/ and places/
    path("", include("notices.urls")),
    path("", include("feedback.urls")),  # ratings, 办不成事 reports, /figures/ and their API
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
