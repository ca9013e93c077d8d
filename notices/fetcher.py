"""The only way a rendered form reaches outside its HTML: the project's own files and data: URLs.

Guide text is written by editors and may carry ``<img src="file:///etc/passwd">`` or a
stylesheet on someone else's server. WeasyPrint asks this fetcher for every URL it meets; it
answers only for ``data:`` URLs and for files under STATIC_ROOT / the static finders and
MEDIA_ROOT, read from disk, and refuses everything else (no ``file://``, no network). Refusals
are kept on the fetcher and logged, so a test can see that a URL was asked for and refused.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents are rendered with this base URL, so "/static/…" and "/media/…" resolve under it and
# nothing else does. The .invalid top-level domain can never resolve (RFC 2606).
BASE_URL = "https://forms.invalid/"


class RefusedURL(ValueError):
    """A URL the form may not load."""


class ProjectFilesFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.local_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("Refused to load %s into a printed form", url[:200])
            raise RefusedURL(f"not one of the project's own files: {url[:200]}")
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime_type or "application/octet-stream"}
        )

    def local_path(self, url: str) -> Path | None:
        """The file a URL under BASE_URL names, if it is a static or media file that exists."""
        if not url.startswith(BASE_URL):
            return None
        path = unquote(urlsplit(url).path)
        if path.startswith(settings.STATIC_URL):
            return static_file(path.removeprefix(settings.STATIC_URL))
        if path.startswith(settings.MEDIA_URL):
            return file_under(Path(settings.MEDIA_ROOT), path.removeprefix(settings.MEDIA_URL))
        return None


def file_under(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it is an existing file inside ``root`` (no ``..`` or symlink escape)."""
    root = root.resolve()
    candidate = (root / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(root):
        return candidate
    return None


def static_file(relative: str) -> Path | None:
    collected = file_under(Path(settings.STATIC_ROOT), relative)
    if collected:
        return collected
    found = finders.find(relative)
    # The finders refuse ".." themselves; resolve anyway so the answer is a real path.
    return Path(found).resolve() if isinstance(found, str) else None
