"""manage.py search_lexicon load

load  loads the platform's domain lexicon (search/lexicon/*.toml) into the editors' synonym
      table: adds the phrases the table lacks and updates the lexicon's own rows, never a row an
      editor changed or switched off (search.lexicon_table). Run it on set-up and after an
      upgrade; ``load_demo`` runs it for the demo county.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search import lexicon_table


class Command(BaseCommand):
    help = "Load the domain lexicon into the search synonyms, keeping editors' changes."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, action: str, **options):
        loaded = lexicon_table.load()
        for label, count in loaded.as_counts().items():
            self.stdout.write(f"{label}: {count}")
