"""HTML to PDF through WeasyPrint, with the safe fetcher and nothing else."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML

from notices.fetcher import BASE_URL, ProjectFilesFetcher


def html_to_pdf(html: str, fetcher: ProjectFilesFetcher | None = None) -> bytes:
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or ProjectFilesFetcher()
    ).write_pdf()


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    """Render ``template`` to an inline PDF; the filename may be Chinese (RFC 6266 encoding)."""
    response = HttpResponse(
        html_to_pdf(render_to_string(template, context)), content_type="application/pdf"
    )
    response.headers["Content-Disposition"] = content_disposition_header(False, filename)
    return response
