"""Load the demo county, 陵水黎族自治县, from the TOML files in ``guides/demo/data/``.

Every object is found by its natural key (region code, service point name, theme slug, matter
code, life event slug). Run again, the loader creates only what is missing and leaves every page,
revision and snippet that exists as it is, so it never loses what editors and reviewers saved.
``reset=True`` (``load_demo --reset``) brings every demo object back to the data: pages get the
data as a new published revision (the older ones stay in their history), snippets are overwritten
with their windows and hours. Each object and child row goes through the
same validation as the admin (``full_clean`` plus the rules of ``guides.publishing`` that
``GuidePageForm`` applies); the first problem stops the load with a message naming the file and
the item, and nothing is saved.

Each part has its module in ``guides.demo``: regions, hours, service points, themes, pages,
offers, guides and life events. Other apps add their own demo content from receivers of
``guides.signals.demo_loading`` (the home page, before the catalogue's pages go under it) and
``demo_loaded`` (everything else, once the catalogue is there).
"""

from __future__ import annotations

from pathlib import Path

from django.db import models, transaction

from guides.demo.guides import guide_sources, load_guides
from guides.demo.hours import load_calendar
from guides.demo.life_events import load_life_events
from guides.demo.pages import ensure_index, ensure_root, site_root
from guides.demo.reading import read
from guides.demo.regions import load_regions
from guides.demo.service_points import load_service_points
from guides.demo.themes import load_themes
from guides.models import (
    GuideIndexPage,
    GuidePage,
    LifeEventIndexPage,
    LifeEventPage,
    Material,
    Offer,
    OpeningException,
    OpeningPeriod,
    Region,
    ServicePoint,
    Theme,
    Window,
)
from guides.signals import demo_loaded, demo_loading

DATA_DIR = Path(__file__).resolve().parent / "data"


def counts() -> dict[str, int]:
    """What the demo county holds, for the summary and for comparing runs."""
    tracked: dict[str, models.QuerySet] = {
        "regions": Region.objects.all(),
        "service points": ServicePoint.objects.all(),
        "windows": Window.objects.all(),
        "opening periods": OpeningPeriod.objects.all(),
        "holiday exceptions": OpeningException.objects.all(),
        "themes": Theme.objects.all(),
        "guides": GuidePage.objects.live(),
        "materials": Material.objects.all(),
        "offers": Offer.objects.all(),
        "life events": LifeEventPage.objects.live(),
    }
    return {name: queryset.count() for name, queryset in tracked.items()}


@transaction.atomic
def load_demo(data_dir: Path = DATA_DIR, *, reset: bool = False) -> dict[str, int]:
    """Load what is missing of the demo county (with ``reset``, bring all of it back to the
    data) in one transaction; return the counts."""
    pages = read(data_dir / "pages.toml")
    regions = load_regions(read(data_dir / "regions.toml"), reset)
    calendar = load_calendar(read(data_dir / "holidays.toml"))
    points = read(data_dir / "service_points.toml")
    network = load_service_points(points, regions, calendar, reset)
    themes = load_themes(read(data_dir / "themes.toml"), reset)
    demo_loading.send(sender=load_demo, root=ensure_root(), reset=reset)
    home = site_root()
    guide_index = ensure_index(pages, "guide_index", GuideIndexPage, home, reset)
    life_index = ensure_index(pages, "life_event_index", LifeEventIndexPage, home, reset)
    guides = load_guides(guide_sources(data_dir), guide_index, network, regions, themes, reset)
    load_life_events(read(data_dir / "life_events.toml"), life_index, guides, reset)
    loaded = counts()
    demo_loaded.send(sender=load_demo, counts=loaded, reset=reset)
    return loaded


def reset_summary() -> str:
    """What ``load_demo --reset`` replaces, in the words the command prints before it does."""
    held = counts()
    return (
        f"{held['guides']} guides and {held['life events']} life events get the demo data as a "
        "new published revision (drafts and changes since are no longer live); "
        f"{held['service points']} service points with their windows and hours, "
        f"{held['themes']} themes and {held['regions']} regions are overwritten from "
        "guides/demo/data/; the demo plugins' manifests become the current version and are "
        "enabled again where the demo enables them."
    )
