"""The platform's domain lexicon (``search/lexicon/*.toml``) loaded into the editors' synonym
table, where editors see, extend and override it.

The table is the master copy once loaded. Loading again (each ``load_demo``, or
``manage.py search_lexicon load`` after an upgrade that brings a new lexicon):

- adds the lexicon's phrases the table does not have;
- brings the meanings of its own rows (``source`` lexicon, in use) up to date with the lexicon,
  and deletes its own rows for phrases the lexicon dropped;
- never touches a row an editor wrote or changed (``source`` editor) or switched off
  (``enabled`` false), so an editor's override or removal survives every load.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from guides.held import drop_all
from search import text
from search.models import Synonym

LEXICON = Path(__file__).with_name("lexicon")


def entries(directory: Path = LEXICON) -> dict[str, str]:
    """Phrase (normalised) → its meanings, one per line, from every file of the lexicon."""
    found: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        for row in tomllib.loads(path.read_text(encoding="utf-8"))["synonyms"]:
            phrase = text.normalise(row["phrase"])
            if phrase in found:
                raise ValueError(f"{path.name}: the phrase {phrase} is in the lexicon twice")
            found[phrase] = "\n".join(row["means"])
    return found


@dataclass
class Loaded:
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # phrases of the lexicon an editor changed or switched off

    def as_counts(self) -> dict[str, int]:
        return {
            "lexicon phrases added": self.added,
            "lexicon phrases updated": self.updated,
            "lexicon phrases removed": self.removed,
            "lexicon phrases kept as editors left them": self.kept,
        }


@transaction.atomic
def load(directory: Path = LEXICON) -> Loaded:
    """Loads the lexicon into ``search.Synonym`` without overriding editors (see the module)."""
    lexicon = entries(directory)
    loaded = Loaded()
    rows = {s.phrase: s for s in Synonym.objects.select_for_update()}
    updated = []
    for phrase, means in lexicon.items():
        row = rows.get(phrase)
        if row is None:
            rows[phrase] = Synonym(phrase=phrase, means=means, source=Synonym.Source.LEXICON)
            loaded.added += 1
        elif row.source == Synonym.Source.EDITOR or not row.enabled:
            loaded.kept += 1
        elif row.means != means:
            row.means = means
            updated.append(row)
    Synonym.objects.bulk_create(r for r in rows.values() if r.pk is None)
    loaded.updated = Synonym.objects.bulk_update(updated, ["means"])
    dropped = [
        phrase
        for phrase, row in rows.items()
        if row.pk and row.source == Synonym.Source.LEXICON and row.enabled
        if phrase not in lexicon
    ]
    loaded.removed, _ = Synonym.objects.filter(phrase__in=dropped).delete()
    # Bulk writes send no signal: the held synonym table is read afresh.
    drop_all()
    return loaded
