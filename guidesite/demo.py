"""The demo county's home page, default site and county settings, from ``demo_site.toml``.

``guides.demo.loader.load_demo`` loads the catalogue and sends two signals: on
``demo_loading`` the home page is made (replacing Wagtail's welcome page on the first run) and
the default site pointed at it, before the guide catalogue goes under it; on ``demo_loaded`` the
county settings name the county, whose region is loaded by then. Idempotent, like the loader.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from guides.demo.pages import publish
from guides.demo.reading import Source, check_keys, item, read, set_fields, validate
from guides.models import Region
from guidesite.models import CountySettings, HomePage

DATA_FILE = Path(__file__).resolve().parent / "demo_site.toml"


def build_home(sender, root: Page, reset: bool = False, **kwargs) -> None:
    """Receiver of ``guides.signals.demo_loading``: the home page as the default site's root.
    A home page that exists is kept as it is (its editors' work) unless ``reset``."""
    if reset or not HomePage.objects.exists():
        ensure_home(read(DATA_FILE), root)


def configure_county_settings(sender, reset: bool = False, **kwargs) -> None:
    """Receiver of ``guides.signals.demo_loaded``: the county-wide settings, unless they are
    set already (and not ``reset``)."""
    if reset or CountySettings.load().county_id is None:
        configure_county(read(DATA_FILE))


def welcome_pages() -> list[Page]:
    """Wagtail's welcome page: the default site's root while it is a plain, childless Page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    page = site.root_page if site else None
    plain = ContentType.objects.get_for_model(Page)
    if page is None or page.content_type_id != plain.pk or page.numchild or page.depth != 2:
        return []
    return [page]


def ensure_home(source: Source, root: Page) -> None:
    """The site's root page, replacing Wagtail's welcome page on the first run."""
    with item(source, "home"):
        row = source.data["home"]
        check_keys(row, ("slug", "title", "tagline", "intro", "seo_title", "search_description"))
    home = HomePage.objects.first()
    legacy = welcome_pages() if home is None else []
    for page in legacy:  # free its slug ("home") for the new home page
        page.slug = f"{page.slug}-{page.pk}-replaced"
        page.save()
    home = home or HomePage(slug=row["slug"])
    set_fields(home, row, ("title", "tagline", "intro", "seo_title", "search_description"))
    publish(home, root, source, "home page")
    point_default_site(source, home)
    for page in legacy:
        page.delete()


def point_default_site(source: Source, home: HomePage) -> None:
    """The default site serves the home page at http://127.0.0.1:8000/."""
    with item(source, "site"):
        row = source.data["site"]
        check_keys(row, ("hostname", "port", "site_name"), ("hostname", "port", "site_name"))
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.root_page = home
        site.hostname = row["hostname"]
        site.port = row["port"]
        site.site_name = row["site_name"]
        validate(site)
        site.save()


def configure_county(source: Source) -> None:
    """The county-wide settings: which county, who runs the site, the hotline."""
    with item(source, "county_settings"):
        row = source.data["county_settings"]
        check_keys(row, ("county", "operator", "hotline", "footer_note"), ("county",))
        county_settings = CountySettings.load()
        county = Region.objects.filter(code=row["county"]).first()
        if county is None:
            raise ValueError(f"no region with code {row['county']}")
        county_settings.county = county
        set_fields(county_settings, row, ("operator", "hotline", "footer_note"))
        validate(county_settings)
        county_settings.save()
