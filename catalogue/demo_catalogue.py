"""The demo county's full-size catalogue (``catalogue/demo/county_catalogue.csv``: about 1,100
matters of 陵水黎族自治县 in the national exchange columns), loaded through the national import
as a county would load its provincial platform's export: complete matters live, most as
incomplete drafts, township matters in their township's section. ``manage.py catalogue demo``
runs it after ``load_demo`` and, like ``load_demo``, only creates what is missing: a matter
already in the database is left as its editors keep it (``scripts/demo.sh`` runs this every time,
and must never undo an editor's work)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from catalogue.files import read_file
from catalogue.importer import Importer, Preview, Progress
from guides.models import GuidePage

DEMO_CATALOGUE = Path(__file__).resolve().parent / "demo" / "county_catalogue.csv"
DEMO_ADMIN = "county_admin"  # made by load_demo (editorial.demo)


def load_demo_catalogue(progress: Progress | None = None) -> Preview:
    """Import the demo catalogue as the demo county administrator; raises ImportRefused if
    any row has a problem (nothing is imported then)."""
    user = get_user_model().objects.get(username=DEMO_ADMIN)
    reading = read_file(DEMO_CATALOGUE.read_bytes(), "csv")
    existing = set(GuidePage.objects.values_list("code", flat=True))
    missing = [
        (number, row)
        for number, row in reading.rows
        if not (isinstance(row, dict) and row.get("code") in existing)
    ]
    return Importer(user).apply(missing, progress=progress, notes=reading.notes)
