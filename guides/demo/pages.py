"""Pages of the demo: the page tree's root, publishing, and the catalogue's index pages.

The catalogue's index pages go under the default site's root page, the home page, which is the
site app's (``guidesite``): it makes it when ``guides.signals.demo_loading`` is sent.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from guides.demo.reading import DemoDataError, Source, check_keys, item, set_fields


def publish(page: Page, parent: Page, source: Source, label: str) -> Page:
    """Validate a page, add it under ``parent`` if new, and publish a revision."""
    with item(source, label):
        is_new = page.pk is None
        page.full_clean(exclude=["path", "depth"] if is_new else None)
        if is_new:
            parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_root() -> Page:
    """The page tree's root, the root collection and the default content locale, which the
    migrations create and a flushed database (live-server tests) lacks."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def site_root() -> Page:
    """The default site's root page: the home page, where the catalogue's index pages go."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise DemoDataError(
            "no default site to put the guide catalogue under (the site app makes it on "
            "guides.signals.demo_loading)"
        )
    return site.root_page


def ensure_index(
    source: Source, key: str, model: type[Page], parent: Page, reset: bool = False
) -> Page:
    """The guide catalogue or the life-event index, directly under ``parent`` (the home page);
    an existing one is kept as it is, unless ``reset`` publishes the data's title and intro."""
    with item(source, key):
        row = source.data[key]
        check_keys(row, ("slug", "title", "intro"), ("slug", "title"))
    existing = model.objects.first()
    if existing is not None and not reset:
        return existing
    page = existing or model(slug=row["slug"])
    page.slug = row["slug"]
    set_fields(page, row, ("title", "intro"))
    publish(page, parent, source, key)
    return model.objects.get(pk=page.pk)
