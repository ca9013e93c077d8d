"""Benchmark: a two-page 一次性告知单 through the whole public view, beside raw WeasyPrint.

    .venv/bin/python bench/notice_render.py            # 30 renders each, after 3 warm-ups
    .venv/bin/python bench/notice_render.py --profile  # pyinstrument profile of 10 renders

Runs on a throwaway SQLite database with the demo county (migrate + load_demo, about a minute),
in one warm process. "view" is GET /guides/469034-xk-001/notice.pdf?point=<黎安镇便民服务中心>
through Django's test client: the self check, the issued-form record, the template and the PDF.
"raw" is WeasyPrint alone on the same form's HTML and stylesheet, with WeasyPrint's own fetcher
reading the same images and fonts from disk (file:// URLs), and one font configuration, image
cache (a dict) and parsed stylesheet for all its renders, as the app keeps them per thread. A
resource either fails to load stops the benchmark, so both render the identical document.
Memory is the peak of Python allocations during one render (tracemalloc), and the process's
resident-set growth over all renders.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="notice-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings.dev")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from guides.models import GuidePage, ServicePoint  # noqa: E402
from notices.answers import NoticeRequest  # noqa: E402
from notices.fetcher import BASE_URL  # noqa: E402
from notices.issuing import issue_notice  # noqa: E402
from notices.pdf import STYLESHEET  # noqa: E402

MATTER = "469034-XK-001"
HALL = "黎安镇便民服务中心"


class DiskFetcher(URLFetcher):
    """WeasyPrint's own fetcher, reading the form's /media/ and /static/ files as file:// URLs."""

    def fetch(self, url: str, headers=None):
        path = url.removeprefix(BASE_URL.rstrip("/"))
        if path.startswith(settings.MEDIA_URL):
            url = (Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)).as_uri()
        elif path.startswith(settings.STATIC_URL) and (
            found := finders.find(path.removeprefix(settings.STATIC_URL))
        ):
            url = Path(found).as_uri()
        return super().fetch(url, headers)


class LoadFailures(logging.Handler):
    """WeasyPrint logs a resource it cannot load as an error and renders without it."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def timed(functions, runs: int) -> list[list[float]]:
    """Milliseconds per call of each function, interleaved so that they all meet the same load
    (the machine is shared)."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for function, spent in zip(functions, times, strict=True):
            start = time.perf_counter()
            function()
            spent.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"


def peak_kib(function) -> float:
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    guide = GuidePage.objects.get(code=MATTER)
    point = ServicePoint.objects.get(name=HALL)
    client = Client(SERVER_NAME="127.0.0.1")
    url = f"/guides/{guide.slug}/notice.pdf?point={point.pk}"

    def view() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content

    # The same form as the view's (its addresses as the test client builds them), another serial.
    notice = issue_notice(
        guide, NoticeRequest(point=point), absolute_url=lambda path: f"http://127.0.0.1{path}"
    )
    html = render_to_string("notices/notice_document.html", {"notices": [notice], "title": "t"})
    raw_fonts, raw_images = FontConfiguration(), {}
    raw_stylesheet = CSS(
        string=render_to_string(STYLESHEET),
        base_url=BASE_URL,
        url_fetcher=DiskFetcher(),
        font_config=raw_fonts,
    )

    def raw() -> bytes:
        return raw_document().write_pdf(
            stylesheets=[raw_stylesheet], font_config=raw_fonts, cache=raw_images
        )

    def raw_document() -> HTML:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=DiskFetcher())

    failures = LoadFailures()
    logging.getLogger("weasyprint").addHandler(failures)
    for _ in range(3):
        view(), raw()
    if failures.messages:
        sys.exit("Not the same document: " + "; ".join(dict.fromkeys(failures.messages)))
    pages = len(raw_document().render(stylesheets=[raw_stylesheet], font_config=raw_fonts).pages)

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        with profiler:
            for _ in range(10):
                view()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    view_times, raw_times = timed([view, raw], args.runs)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ratio = statistics.median(view_times) / statistics.median(raw_times)
    print(f"一次性告知单 {MATTER} at {HALL}: {pages} pages, {args.runs} interleaved renders each")
    print(f"view (whole request)  {summary(view_times)}")
    print(f"raw WeasyPrint        {summary(raw_times)}")
    print(f"ratio view / raw      {ratio:.2f}x (medians)")
    print(f"peak Python memory    view {peak_kib(view):,.0f} KiB   raw {peak_kib(raw):,.0f} KiB")
    print(f"max RSS growth        {(rss_after - rss_before) / 1024:,.1f} MiB over the renders")


if __name__ == "__main__":
    main()
