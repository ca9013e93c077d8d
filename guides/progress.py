"""A text progress bar for long management commands (catalogue import, search index rebuild).

It lives in ``guides``, the bottom app, because two apps side by side use it: ``catalogue``
(import) and ``search`` (index rebuild). ``catalogue`` already imports ``search``, so ``search``
may not import ``catalogue``; and a terminal bar is no part of searching, so ``catalogue`` should
not have to reach into ``search`` for it. Every app may import ``guides``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from django.core.management.base import OutputWrapper

# Told (done, total) as work goes on.
Progress = Callable[[int, int], None]


class ProgressBar:
    """Call with (done, total); redraws at most ten times a second, and always at the end.

    ``stream`` may be a plain text stream or a command's ``self.stdout``/``self.stderr``.
    """

    def __init__(self, label: str, stream: TextIO | OutputWrapper = sys.stderr, width: int = 30):
        self.label = label
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.drawn = 0.0
        self.ended = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self._write(f"\r{self.label} [{bar}] {done}/{total} {now - self.started:.0f}s")
        if done >= total:
            self.finish()
        else:
            self.stream.flush()

    def finish(self) -> None:
        """Ends the bar's line (once), also when the work stopped short of its total."""
        if not self.ended:
            self.ended = True
            self._write("\n")
            self.stream.flush()

    def _write(self, text: str) -> None:
        # A command's OutputWrapper ends every write with a newline unless told not to.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
