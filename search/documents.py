"""What the search knows about a guide: one document, built the same way for both engines."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import strip_tags

from guides.models import GuidePage, HandlingMode, LifeEventItem, Scope, ServicePoint
from search import text

BODY_LIMIT = 4000  # characters: enough for summary, conditions, materials and questions


@dataclass
class GuideDocument:
    page_id: int
    code: str
    title: str
    url: str
    aliases: list[str]
    body: str
    online: bool
    immediate: bool
    cross_township: bool
    themes: list[str] = field(default_factory=list)
    life_events: list[str] = field(default_factory=list)
    implementing_body: str = ""
    # The guide's place in the page tree (Wagtail's path): equal scores rank in this order on
    # both engines, the order editors see in the admin (the embedded engine numbers guides in
    # it when it rebuilds).
    position: str = ""

    @property
    def names(self) -> list[str]:
        return [self.title, *self.aliases]

    @property
    def pinyin(self) -> list[str]:
        return sorted({key for name in self.names for key in text.pinyin_keys(name)})

    @property
    def sounds(self) -> list[str]:
        return sorted({s for name in self.names for s in text.sounds(name)})


def is_cross_township(offer) -> bool:
    """A township hall or village station that serves residents beyond its own township."""
    return offer.service_point.kind != ServicePoint.Kind.COUNTY_CENTRE and (
        offer.scope != Scope.TOWNSHIP or HandlingMode.CROSS_TOWNSHIP in offer.modes
    )


def guides_to_index(*, drafts: bool = False):
    """Live guides (with ``drafts``, every guide: the relevance evaluation indexes a whole
    catalogue, most of it not yet published) with everything ``document_for`` reads, in few
    queries."""
    guides = GuidePage.objects.all() if drafts else GuidePage.objects.live()
    return (
        guides.order_by("path")
        .specific()
        .prefetch_related("themes", "materials", "faqs", "offers__service_point")
    )


def document_for(guide: GuidePage) -> GuideDocument:
    offers = list(guide.offers.all())
    body = " ".join(
        [
            guide.summary,
            strip_tags(guide.conditions),
            *(m.name for m in guide.materials.all()),
            *(q.question for q in guide.faqs.all()),
            guide.result,
            guide.implementing_body,
        ]
    )
    life_events = (
        LifeEventItem.objects.filter(guide=guide, life_event__live=True)
        .values_list("life_event__title", flat=True)
        .distinct()
    )
    return GuideDocument(
        page_id=guide.pk,
        code=guide.code,
        title=guide.title,
        url=guide.get_url() or "",
        aliases=guide.other_name_list,
        body=text.normalise(body)[:BODY_LIMIT],
        online=HandlingMode.ONLINE in guide.handling_modes,
        immediate=guide.is_immediate,
        cross_township=any(is_cross_township(offer) for offer in offers),
        themes=sorted(theme.name for theme in guide.themes.all()),
        life_events=sorted(life_events),
        implementing_body=guide.implementing_body,
        position=guide.path,
    )
