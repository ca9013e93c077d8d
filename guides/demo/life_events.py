"""Life events (一件事一次办): bundles of guides around one moment of life."""

from __future__ import annotations

from collections.abc import Mapping

from guides.demo.pages import publish
from guides.demo.reading import (
    Data,
    Source,
    check_keys,
    item,
    section,
    set_fields,
    validate_children,
)
from guides.models import GuidePage, LifeEventIndexPage, LifeEventItem, LifeEventPage

EVENT_FIELDS = ("title", "summary", "description", "promised_days", "separate_days", "visits")
EVENT_KEYS = ("slug", *EVENT_FIELDS, "items")


def upsert_life_event(
    source: Source,
    row: Data,
    index: LifeEventIndexPage,
    guides: Mapping[str, GuidePage],
    reset: bool = False,
) -> LifeEventPage:
    """Create one life event by slug, linking existing guides; an existing one is kept as it
    is, unless ``reset`` publishes the data as a new revision."""
    label = f"life event {row.get('slug')} {row.get('title', '')}".strip()
    with item(source, label):
        check_keys(row, EVENT_KEYS, ("slug", "title", "summary", "items"))
        page = LifeEventPage.objects.child_of(index).filter(slug=row["slug"]).first()
        if page is not None and not reset:
            return page
        page = page or LifeEventPage(slug=row["slug"])
        set_fields(page, row, EVENT_FIELDS)
        items = []
        for number, entry in enumerate(row["items"]):
            check_keys(entry, ("guide", "note"), ("guide",))
            items.append(LifeEventItem(guide=guides[entry["guide"]], note=entry.get("note", "")))
            items[-1].sort_order = number
        if not items:
            raise ValueError("a life event bundles at least one matter")
        validate_children(items, "life_event")
        page.items = items
    publish(page, index, source, label)
    return page


def load_life_events(
    source: Source, index: LifeEventIndexPage, guides: Mapping[str, GuidePage], reset: bool = False
) -> list[LifeEventPage]:
    rows = section(source, "life_events")
    return [upsert_life_event(source, row, index, guides, reset) for row in rows]
