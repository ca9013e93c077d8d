"""What the search listens to: editors' changes (index upkeep) and the demo load."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from guides.models import GuidePage, LifeEventPage, ServicePoint
from guides.signals import demo_loaded
from search import indexing


def guide_changed(sender, instance, **kwargs) -> None:
    indexing.update_later([instance.pk])


def page_moved(sender, instance, **kwargs) -> None:
    # Moving a township's section moves the addresses of all its guides.
    moved = GuidePage.objects.descendant_of(instance, inclusive=True)
    indexing.update_later(moved.values_list("pk", flat=True))


def life_event_changed(sender, instance, **kwargs) -> None:
    indexing.update_later(instance.items.values_list("guide_id", flat=True))


def service_point_changed(sender, instance, **kwargs) -> None:
    indexing.update_later(indexing.guides_at_point(instance.pk))


def demo_ready(sender, counts: dict, **kwargs) -> None:
    from search.demo import load_demo_search

    counts.update(load_demo_search())


def connect() -> None:
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(guide_changed, sender=GuidePage, dispatch_uid=f"search-guide-{id(signal)}")
    post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
    for signal in (page_published, page_unpublished):
        signal.connect(
            life_event_changed, sender=LifeEventPage, dispatch_uid=f"search-le-{id(signal)}"
        )
    post_save.connect(service_point_changed, sender=ServicePoint, dispatch_uid="search-point-saved")
    demo_loaded.connect(demo_ready, dispatch_uid="search-demo")
