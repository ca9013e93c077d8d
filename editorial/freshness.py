"""Which guides need checking: not verified for too long, or their service points changed since;
and which are incomplete drafts (imported from a provincial catalogue, most of them), with what
each lacks to go live (``guides.completeness``, kept on the guide as ``missing``).

A guide's "last verified" date is set by its editors. A service point's changes are the
admin's own log entries (the history shown on the point), so an edit to a hall's hours or
windows flags every guide offered there whose last verification is older than the edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, Page

from guides.completeness import label
from guides.models import GuidePage, Offer, ServicePoint, TownshipSection

DEFAULT_DAYS = 180


def freshness_days() -> int:
    return getattr(settings, "GUIDE_FRESHNESS_DAYS", DEFAULT_DAYS)


@dataclass
class PointChange:
    guide: GuidePage
    point: ServicePoint
    changed: dt.datetime


@dataclass
class Incomplete:
    guide: GuidePage
    missing: list[str]  # what to add, as the editor reads it


@dataclass
class TownshipFreshness:
    """One township's (or, with no township, the county's) guides that need checking."""

    name: str
    stale: list[GuidePage] = field(default_factory=list)
    changed: list[PointChange] = field(default_factory=list)
    incomplete: list[Incomplete] = field(default_factory=list)


def point_changes() -> dict[int, dt.datetime]:
    """Service point id → when it was last created or edited in the admin."""
    content_type = ContentType.objects.get_for_model(ServicePoint)
    rows = (
        ModelLogEntry.objects.filter(content_type=content_type)
        .values("object_id")
        .annotate(last=Max("timestamp"))
    )
    return {int(row["object_id"]): row["last"] for row in rows}


def freshness_report(township=None, today: dt.date | None = None) -> list[TownshipFreshness]:
    """Per township, the stale guides and the guides whose service points changed since they
    were verified; ``township`` limits it to one township's local guides and halls."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=freshness_days())
    sections = {s.path: s.township for s in TownshipSection.objects.select_related("township")}
    groups: dict[str, TownshipFreshness] = {}

    def group(name: str) -> TownshipFreshness:
        return groups.setdefault(name, TownshipFreshness(name))

    county = str(_("County-wide"))
    guides = GuidePage.objects.order_by("last_verified", "code").only(
        "pk", "path", "title", "code", "last_verified", "missing"
    )
    for guide in guides:
        owner = sections.get(guide.path[: -Page.steplen])
        if township is not None and owner != township:
            continue
        if guide.missing:
            # Its editors complete it first; verifying comes with that.
            missing = [label(GuidePage, name) for name in guide.missing]
            group(owner.name if owner else county).incomplete.append(Incomplete(guide, missing))
        elif guide.last_verified is None or guide.last_verified < cutoff:
            group(owner.name if owner else county).stale.append(guide)

    changes = point_changes()
    offers = Offer.objects.filter(service_point_id__in=changes).select_related(
        "guide", "service_point__region__parent"
    )
    for offer in offers.order_by("service_point__name", "guide__code"):
        point, guide = offer.service_point, offer.guide
        changed = changes[point.pk]
        if guide.last_verified and timezone.localdate(changed) <= guide.last_verified:
            continue
        if township is not None and point.township != township:
            continue
        home = point.township
        group(home.name if home else county).changed.append(PointChange(guide, point, changed))
    return sorted(groups.values(), key=lambda g: (g.name != county, g.name))
