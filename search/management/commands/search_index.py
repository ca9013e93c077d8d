"""manage.py search_index rebuild | retry | check [--repair]

rebuild  builds a fresh index of every live guide (with a progress bar) for the embedded engine
         and, when ELASTICSEARCH_URL is set, for Elasticsearch, whose alias is switched to the new
         index only once it is complete.
retry    writes every update still recorded in the outbox (search.PendingUpdate): changes whose
         write after commit failed or never ran. Run it periodically (docs/search.md).
check    compares each engine's index with the database and lists what differs (exit status 1
         when anything does); with --repair rewrites it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from guides.models import GuidePage
from guides.progress import ProgressBar
from search import engines, index_check, indexing
from search.documents import document_for, guides_to_index


class Command(BaseCommand):
    help = "Rebuild the search indexes, or retry the updates that could not be written."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "retry", "check"])
        parser.add_argument(
            "--engine",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="Which index to rebuild (default: every configured engine).",
        )
        parser.add_argument(
            "--repair", action="store_true", help="With check: rewrite what differs."
        )

    def handle(self, action: str, engine: str, repair: bool, **options):
        if action == "retry":
            left = indexing.retry_pending()
            self.stdout.write(f"{left} update(s) still pending.")
            if left:
                raise CommandError(f"{left} update(s) could not be written (see the log).")
            return
        if action == "check":
            self.check_index(repair)
            return
        chosen = [e for e in engines.all_engines() if engine in ("all", e.name)]
        if not chosen:
            raise CommandError(f"The {engine} engine is not configured (set ELASTICSEARCH_URL).")
        guides = guides_to_index()
        total = guides.count()
        for target in chosen:
            bar = ProgressBar(target.name, self.stdout)
            target.rebuild((document_for(g) for g in guides.iterator(chunk_size=200)), total, bar)
            bar.finish()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} guides."))

    def check_index(self, repair: bool) -> None:
        drifts = index_check.check()
        codes = dict(GuidePage.objects.values_list("pk", "code"))
        for drift in drifts:
            self.stdout.write(drift.summary())
            for label, ids in (
                ("missing", drift.missing),
                ("extra", drift.extra),
                ("stale", drift.stale),
            ):
                for pid in ids[:20]:
                    self.stdout.write(f"  {label}: page {pid} {codes.get(pid, '(deleted)')}")
                if len(ids) > 20:
                    self.stdout.write(f"  … and {len(ids) - 20} more {label}")
        if all(d.clean for d in drifts):
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError("The index differs from the database: run check --repair.")
        index_check.repair(drifts)
        left = [d for d in index_check.check() if not d.clean]
        for drift in left:
            self.stdout.write(drift.summary())
        if left:
            raise CommandError("The index still differs after the repair (see the log).")
        self.stdout.write(self.style.SUCCESS("Repaired: the index matches the database."))
