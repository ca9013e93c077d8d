"""manage.py search_index rebuild | retry

rebuild  builds a fresh index of every live guide (with a progress bar) for the embedded engine
         and, when ELASTICSEARCH_URL is set, for Elasticsearch, whose alias is switched to the new
         index only once it is complete.
retry    writes the guides whose update could not reach Elasticsearch (search.PendingUpdate).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from guides.progress import ProgressBar
from search import engines, indexing
from search.documents import document_for, guides_to_index


class Command(BaseCommand):
    help = "Rebuild the search indexes, or retry the updates that could not be written."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "retry"])
        parser.add_argument(
            "--engine",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="Which index to rebuild (default: every configured engine).",
        )

    def handle(self, action: str, engine: str, **options):
        if action == "retry":
            left = indexing.retry_pending()
            self.stdout.write(f"{left} update(s) still pending.")
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
