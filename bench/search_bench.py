"""Search latency on a province-sized data set: the platform's search function beside the raw
Elasticsearch query, and the embedded engine. Prints p50/p95 and the ratio. Not a test.

    bench/search_bench.sh                      # 20,000 guides, 50,020 points, 1,000,000 offers;
                                               # the embedded engine on 15,000 of the guides
    bench/search_bench.sh --guides 2000 --rounds 1
    bench/search_bench.sh --profile            # pyinstrument profile of the platform path
    python bench/search_bench.py --reuse       # measure again on the province already in
                                               # DATABASE_URL / ELASTICSEARCH_URL (kept servers)

Run through bench/search_bench.sh, which starts a throwaway PostgreSQL and Elasticsearch node.
"""

from __future__ import annotations

import argparse
import io
import operator
import os
import sys
import time
from functools import reduce
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import override_settings  # noqa: E402
from search_generate import COUNTIES, GUIDES_PER_COUNTY, generate  # noqa: E402

from guides.models import Offer, Region, ServicePoint  # noqa: E402
from guides.places import origin_of  # noqa: E402
from search import public  # noqa: E402
from search.documents import document_for, guides_to_index  # noqa: E402
from search.engines.base import Filters  # noqa: E402
from search.engines.database import DatabaseEngine  # noqa: E402
from search.location import locate  # noqa: E402

QUERIES = [
    # keywords
    "结婚登记",
    "不动产登记",
    "营业执照",
    "社会保险",
    "身份证",
    "公积金贷款",
    # colloquial
    "开饭店要办什么证",
    "准生证",
    "上户口",
    "身份证丢了",
    "老人补贴",
    "房子漏雨申请补助",
    # traditional, pinyin, misspelt
    "結婚登記",
    "jiehundengji",
    "bdcdj",
    "不动产登纪",
    "营业执招",
    "dibao",
    # whole questions, the way residents type or dictate them
    "我在光坡镇想开个奶茶店要办什么证",
    "请问结婚登记需要带哪些材料",
    "身份证丢了去哪里补办",
    "孩子出生了怎么上户口",
    "我想申请公积金贷款要什么手续",
    "驾照快到期了在哪里换",
]
FILTERS = [Filters(), Filters(online=True), Filters(immediate=True)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, timings: list[float]) -> tuple[float, float]:
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    print(f"{label:<52} n={len(timings):<5} p50={p50:7.1f} ms  p95={p95:7.1f} ms")
    return p50, p95


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def citizens() -> list[dict]:
    """Where the searching citizen is: nowhere given, a township picked from the list, and a
    phone's position in a village (the township is then looked up from it)."""
    township = Region.objects.filter(level=Region.Level.TOWNSHIP, code__startswith="469023").last()
    village = Region.objects.filter(parent=township).first()
    lat, lon = origin_of(village)
    return [
        {"region": None, "lat": None, "lon": None},
        {"region": township, "lat": None, "lon": None},
        {"region": None, "lat": lat + 0.001, "lon": lon - 0.001},
    ]


def platform_search(q: str, filters: Filters, where: dict) -> public.SearchPage:
    """What the API view does after parsing: locate the citizen, then search."""
    page = public.search(q, location=locate(**where), filters=filters)
    assert not page.fell_back, "the engine did not answer in time"
    return page


def run(label: str, rounds: int, profile: bool, raw=None) -> None:
    cases = [(q, f, w) for q in QUERIES for f in FILTERS for w in citizens()]
    for case in cases:  # warm up caches (and the node's JIT) the same way for both paths
        platform_search(*case)
    platform, raw_timings = [], []
    for _ in range(rounds):
        for q, f, w in cases:
            platform.append(timed(lambda q=q, f=f, w=w: platform_search(q, f, w)))
            if raw and w["region"] is None and w["lat"] is None:
                raw_timings.append(timed(lambda q=q, f=f: raw(q, f)))
    _, p95 = report(f"platform search, {label}", platform)
    if raw:
        _, p95_raw = report("raw Elasticsearch query (same body)", raw_timings)
        print(f"ratio p95 platform/raw = {p95 / p95_raw:.2f}")
    if profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            for case in cases:
                platform_search(*case)
        print(profiler.output_text(unicode=True, color=False, show_all=False))


def vacuum() -> None:
    """What autovacuum does after a large insert: index-only scans need the visibility map."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def county_scale(guides: int) -> None:
    """The embedded index rebuilt with the first counties' guides only: the engine's target is
    a county's catalogue (the public search of one county), not the province's."""
    counties = COUNTIES[: -(-guides // GUIDES_PER_COUNTY)]
    chosen = guides_to_index().filter(
        reduce(operator.or_, (Q(code__startswith=f"{code}-") for code, _ in counties))
    )[:guides]
    started = time.perf_counter()
    DatabaseEngine().rebuild((document_for(g) for g in chosen), len(chosen))
    vacuum()
    seconds = time.perf_counter() - started
    print(f"embedded index rebuilt with {len(chosen):,} guides in {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=20_000)
    parser.add_argument("--embedded-guides", type=int, default=15_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip writing and indexing: the province (and the county-scale embedded index) "
        "from an earlier run against the same servers",
    )
    args = parser.parse_args()
    if args.reuse:
        measure(args)
        return
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)  # the vocabulary, the synonyms, a superuser
    if settings.ELASTICSEARCH_URL:
        # As a deployment starts: the alias the upkeep then writes to.
        call_command("search_index", "rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    started = time.perf_counter()

    def progress(line: str) -> None:
        print(f"  {time.perf_counter() - started:6.0f} s  {line}", flush=True)

    generate(args.guides, progress=progress)
    print(
        f"province: {ServicePoint.objects.count():,} service points, "
        f"{Offer.objects.count():,} offers; written and indexed in both engines in "
        f"{time.perf_counter() - started:.0f} s"
    )
    vacuum()
    county_scale(args.embedded_guides)
    measure(args)


def measure(args: argparse.Namespace) -> None:
    with override_settings(SEARCH_TIMEOUT=10.0):
        if settings.ELASTICSEARCH_URL:
            from search.engines.elastic import ElasticsearchEngine

            engine = ElasticsearchEngine()

            def raw(q: str, f: Filters):
                body = engine.request(public.analyse(q, filters=f)).to_dict()
                return engine.client.search(index=engine.alias, body=body)

            run("Elasticsearch", args.rounds, args.profile, raw)
        else:
            print("ELASTICSEARCH_URL is not set: no Elasticsearch part (use bench/search_bench.sh)")
        with override_settings(ELASTICSEARCH_URL=""):
            run(
                f"embedded engine (PostgreSQL), {args.embedded_guides:,} guides",
                args.rounds,
                args.profile,
            )


if __name__ == "__main__":
    main()
