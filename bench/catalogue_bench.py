"""Import a generated catalogue of N new guides (dry run, apply, then the same file again).

With ``--national`` the file is in the national exchange columns, as a provincial platform
exports it: the rows of the demo county's catalogue (catalogue/demo/county_catalogue.csv), over
again with new codes until there are N, so about nine in ten are incomplete drafts, some are
older versions, Word HTML, full-width values and township matters as in the real file.

Run through bench/catalogue_bench.sh, which provides a throwaway PostgreSQL. The demo county is
loaded first; each generated guide has three materials and an offer at the county centre and
at one township hall, like a real delegated matter.

The apply is timed apart from what follows its commit: the search indexes (Wagtail's admin
search and the public search's embedded engine; Elasticsearch is not configured here) are
written after the transaction commits, and are timed as a step of their own.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings.test")

import django

django.setup()
logging.disable(logging.INFO)  # Wagtail logs every page created and published

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from catalogue.demo_catalogue import DEMO_CATALOGUE  # noqa: E402
from catalogue.export import export_rows  # noqa: E402
from catalogue.files import read_file, write_rows  # noqa: E402
from catalogue.importer import Importer  # noqa: E402

HALLS = ("黎安镇便民服务中心", "英州镇便民服务中心", "椰林镇便民服务中心", "光坡镇便民服务中心")


def generated(count: int) -> list[dict]:
    template = next(row for row in export_rows() if row["code"] == "469034-GG-001")
    rows = []
    for n in range(count):
        row = dict(template)
        row.update(
            code=f"469034-BM-{n:05d}",
            title=f"批量导入事项{n:05d}",
            materials=["居民身份证", "申请表", f"证明材料{n % 7}"],
            offers=[
                {
                    "service_point": "陵水黎族自治县政务服务中心",
                    "modes": ["window"],
                    "scope": "county",
                    "window": "社会事务窗口",
                },
                {
                    "service_point": HALLS[n % len(HALLS)],
                    "modes": ["window", "cross_township"],
                    "scope": "county",
                    "window": "综合受理窗口",
                },
            ],
        )
        rows.append(row)
    return rows


def national(count: int) -> bytes:
    """N rows of the demo catalogue's shape, each copy's codes made new (the 基本编码 part of a
    composite 实施编码 gets the copy's number)."""
    text = DEMO_CATALOGUE.read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    header = list(records[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    for n in range(count):
        row = dict(records[n % len(records)])
        copy = n // len(records)
        if copy:
            row["实施编码"] = f"C{copy}{row['实施编码']}"[:64]
            row["基本编码"] = f"C{copy}{row['基本编码']}" if row["基本编码"] else ""
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", default="xlsx", choices=("csv", "xlsx", "json"))
    parser.add_argument("--dry-run-only", action="store_true")
    parser.add_argument("--national", action="store_true", help="the national columns (CSV)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.get(username="county_admin")
    if args.national:
        args.format = "csv"
        content = national(args.rows)
    else:
        content = write_rows(generated(args.rows), args.format)
    kind = "national columns" if args.national else "platform columns"
    print(f"{args.rows} rows, {args.format}, {kind}, {len(content) / 1e6:.1f} MB", flush=True)
    started = time.perf_counter()

    reading = timed("read file", lambda: read_file(content, args.format))
    parsed, notes = reading.rows, reading.notes
    preview = timed("dry run", lambda: Importer(user).preview(parsed, notes=notes))
    print(f"  {preview.counts()}")
    if args.dry_run_only:
        return
    # The import's transaction is opened here so that its commit, which runs the search
    # indexing, can be timed on its own.
    with transaction.atomic():
        applied = timed(
            "apply (one transaction)", lambda: Importer(user).apply(parsed, notes=notes)
        )
        print(f"  {applied.counts()}")
        committed = time.perf_counter()
    print(f"commit and search indexing: {time.perf_counter() - committed:.1f} s", flush=True)
    print(f"read, dry run, apply and indexing: {time.perf_counter() - started:.1f} s", flush=True)
    again = timed("same file again (dry run)", lambda: Importer(user).preview(parsed))
    print(f"  {again.counts()}")


if __name__ == "__main__":
    main()
