"""WeasyPrint's image cache, kept between renders so that a hall's letterhead and seal and a
guide's QR code are fetched and decoded once per process rather than on every form.

It stays as strict as the fetcher: a URL the fetcher refused is not remembered, so every render
asks (and is refused, and logs it) again; and a cached project file is only trusted while it is
unchanged on disk. Emptied only between renders, because a render reads back what it stored.
"""

from __future__ import annotations

import os

from notices.fetcher import BASE_URL, ProjectFilesFetcher

# Each form adds its own verify QR code (three entries): start afresh now and then.
MAX_ENTRIES = 300

FileSignature = tuple[int, int, int] | None


class ImageCache(dict):
    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, FileSignature] = {}  # project-file URL → its file when read
        self.paths = ProjectFilesFetcher()

    def __setitem__(self, key: str, value) -> None:
        if value is None:  # refused or unreadable: ask the fetcher again next time
            return
        if key.startswith(BASE_URL):
            self.files[key] = self.signature(key)
        super().__setitem__(key, value)

    def forget_if_stale(self) -> None:
        """Empty the cache if it grew large or a project file in it changed (e.g. a hall
        replaced its seal, and the new file took the old one's name)."""
        if len(self) > MAX_ENTRIES or any(
            self.signature(url) != signature for url, signature in self.files.items()
        ):
            self.clear()
            self.files.clear()

    def signature(self, url: str) -> FileSignature:
        path = self.paths.local_path(url)
        try:
            stat = os.stat(path) if path else None
        except FileNotFoundError:
            stat = None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat else None
