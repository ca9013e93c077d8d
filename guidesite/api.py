"""The headless JSON API (Wagtail API v2) for mobile mini-programs and other clients.

Each endpoint checks its query parameters before any query (``edge.api_v2``).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from edge.api_v2 import CheckedParameters


class PagesAPI(CheckedParameters, PagesAPIViewSet):
    pass


class ImagesAPI(CheckedParameters, ImagesAPIViewSet):
    pass


class DocumentsAPI(CheckedParameters, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
