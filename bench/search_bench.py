"""Search latency: the platform's search function against the raw Elasticsearch query, and the
embedded engine at county scale. Prints p50/p95 and the ratio. Not a test.

    bench/search_bench.sh                      # the full sizes (20,000 and 15,000 guides)
    bench/search_bench.sh --guides 5000 --embedded-guides 5000 --rounds 5
    bench/search_bench.sh --profile            # pyinstrument profile of the platform path

Run through bench/search_bench.sh, which starts a throwaway PostgreSQL and Elasticsearch node.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from search_generate import documents, vocabulary  # noqa: E402

from search import synonyms  # noqa: E402
from search.engines.base import Filters, Query  # noqa: E402
from search.engines.database import DatabaseEngine  # noqa: E402
from search.engines.elastic import ElasticsearchEngine  # noqa: E402

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
]
FILTERS = [Filters(), Filters(online=True), Filters(immediate=True)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, timings: list[float]) -> tuple[float, float]:
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    print(f"{label:<44} n={len(timings):<5} p50={p50:7.1f} ms  p95={p95:7.1f} ms")
    return p50, p95


def platform_query(engine, q: str, filters: Filters):
    """What search.public.search asks the engine: synonyms looked up, query analysed."""
    return engine.search(Query(q, alternatives=synonyms.meanings(q), filters=filters))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def bench_elasticsearch(guides: int, rounds: int, profile: bool) -> None:
    vocab = vocabulary()
    engine = ElasticsearchEngine(alias=f"bench-guides-{os.getpid()}", timeout=60)
    started = time.perf_counter()
    engine.rebuild(documents(vocab, guides), guides)
    print(f"Elasticsearch: indexed {guides} guides in {time.perf_counter() - started:.0f} s")
    cases = [(q, f) for q in QUERIES for f in FILTERS]
    bodies = [
        engine.request(Query(q, alternatives=synonyms.meanings(q), filters=f)).to_dict()
        for q, f in cases
    ]
    for q, f in cases:  # warm up the node's caches and JIT the same way for both
        platform_query(engine, q, f)
    platform, raw = [], []
    for _ in range(rounds):
        for (q, f), body in zip(cases, bodies, strict=True):
            platform.append(timed(lambda q=q, f=f: platform_query(engine, q, f)))
            raw.append(timed(lambda body=body: engine.client.search(index=engine.alias, body=body)))
    _, p95_platform = report(f"platform search, Elasticsearch, {guides} guides", platform)
    _, p95_raw = report("raw Elasticsearch query (same body)", raw)
    print(f"ratio p95 platform/raw = {p95_platform / p95_raw:.2f}")
    if profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            for q, f in cases:
                platform_query(engine, q, f)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    engine.drop()


def bench_embedded(guides: int, rounds: int) -> None:
    vocab = vocabulary()
    engine = DatabaseEngine()
    started = time.perf_counter()
    engine.rebuild(documents(vocab, guides), guides)
    print(f"Embedded: indexed {guides} guides in {time.perf_counter() - started:.0f} s")
    cases = [(q, f) for q in QUERIES for f in FILTERS]
    for q, f in cases:
        platform_query(engine, q, f)
    timings = [
        timed(lambda q=q, f=f: platform_query(engine, q, f))
        for _ in range(rounds)
        for q, f in cases
    ]
    report(f"platform search, embedded engine, {guides} guides", timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=20_000)
    parser.add_argument("--embedded-guides", type=int, default=15_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)  # the vocabulary and the synonyms
    if settings.ELASTICSEARCH_URL:
        bench_elasticsearch(args.guides, args.rounds, args.profile)
    else:
        print("ELASTICSEARCH_URL is not set: no Elasticsearch part (use bench/search_bench.sh)")
    bench_embedded(args.embedded_guides, args.rounds)


if __name__ == "__main__":
    main()
