"""Load the demo county, 陵水黎族自治县, from the TOML files in ``guides/demo/data/``.

Every object is upserted by its natural key (region code, service point name, theme slug, matter
code, life event slug), so loading twice gives the same rows. A guide's child rows (materials,
steps, fees, FAQs, offers) are replaced on each run. Each object and child row goes through the
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
def load_demo(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load (or refresh) the whole demo county in one transaction; return the counts."""
    pages = read(data_dir / "pages.toml")
    regions = load_regions(read(data_dir / "regions.toml"))
    calendar = load_calendar(read(data_dir / "holidays.toml"))
    network = load_service_points(read(data_dir / "service_points.toml"), regions, calendar)
    themes = load_themes(read(data_dir / "themes.toml"))
    demo_loading.send(sender=load_demo, root=ensure_root())
    home = site_root()
    guide_index = ensure_index(pages, "guide_index", GuideIndexPage, home)
    life_index = ensure_index(pages, "life_event_index", LifeEventIndexPage, home)
    guides = load_guides(guide_sources(data_dir), guide_index, network, regions, themes)
    load_life_events(read(data_dir / "life_events.toml"), life_index, guides)
    loaded = counts()
    demo_loaded.send(sender=load_demo, counts=loaded)
    return loaded
