"""HTML to PDF through WeasyPrint, with the safe fetcher and nothing else."""

from __future__ import annotations

import threading

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from notices.fetcher import BASE_URL, ProjectFilesFetcher
from notices.image_cache import ImageCache

STYLESHEET = "notices/print.css"


class RenderCaches(threading.local):
    """What WeasyPrint may keep from one render to the next, one set per thread (its font map is
    not thread-safe): the fonts, with the forms' own @font-face fonts loaded once instead of on
    every render, the images, and the forms' stylesheet parsed (per language)."""

    def __init__(self) -> None:
        self.font_config = FontConfiguration()
        self.images = ImageCache()
        self.stylesheets: dict[str, CSS] = {}


caches = RenderCaches()


def form_stylesheet(fetcher: ProjectFilesFetcher) -> CSS:
    """The forms' print stylesheet in the active language, parsed once per thread."""
    text = render_to_string(STYLESHEET)
    if text not in caches.stylesheets:
        caches.stylesheets[text] = CSS(
            string=text, base_url=BASE_URL, url_fetcher=fetcher, font_config=caches.font_config
        )
    return caches.stylesheets[text]


def html_to_pdf(html: str | list[str], fetcher: ProjectFilesFetcher | None = None) -> bytes:
    """A form's HTML as PDF, styled by the forms' stylesheet. Several forms (a list) become one
    PDF, each rendered on its own so that its page numbers (页码 n / N) count its own pages."""
    fetcher = fetcher or ProjectFilesFetcher()
    caches.images.forget_if_stale()
    documents = [
        HTML(string=text, base_url=BASE_URL, url_fetcher=fetcher).render(
            stylesheets=[form_stylesheet(fetcher)],
            font_config=caches.font_config,
            cache=caches.images,
        )
        for text in ([html] if isinstance(html, str) else html)
    ]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def pdf_response(template: str, context: dict | list[dict], filename: str) -> HttpResponse:
    """Render ``template`` to an inline PDF, once per context when given several (one PDF, each
    with its own page numbers); the filename may be Chinese (RFC 6266 encoding)."""
    contexts = context if isinstance(context, list) else [context]
    response = HttpResponse(
        html_to_pdf([render_to_string(template, each) for each in contexts]),
        content_type="application/pdf",
    )
    response.headers["Content-Disposition"] = content_disposition_header(False, filename)
    return response
