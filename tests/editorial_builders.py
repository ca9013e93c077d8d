"""Builders for the editorial tests: the demo staff and local guides of two townships."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from guides.models import GuidePage, Material, Offer, ProcedureStep, ServicePoint, TownshipSection

LIAN = "469034108000"  # 黎安镇, the township of the demo editor lian_editor
YINGZHOU = "469034103000"  # 英州镇, the other township
HALLS = {LIAN: "黎安镇便民服务中心", YINGZHOU: "英州镇便民服务中心"}


def staff(username: str):
    """A demo staff user (``editorial.demo``)."""
    return get_user_model().objects.get(username=username)


def local_guide(township: str, code: str, *, publish: bool = True, **fields) -> GuidePage:
    """A complete local guide in a township's section, offered at its hall."""
    section = TownshipSection.objects.get(township__code=township)
    hall = ServicePoint.objects.get(name=HALLS[township])
    values = {
        "title": f"{section.township.name}本地事项",
        "summary": "本镇居民办理的本地事项。",
        "other_names": "本地事项",
        "matter_type": "public_service",
        "implementing_body": f"{section.township.name}人民政府",
        "conditions": "<ul><li>本镇居民</li></ul>",
        "case_type": "promised",
        "promised_days": 5,
        "result": "登记回执",
        "consultation_phone": "0898-83312345",
        "last_verified": dt.date(2026, 1, 5),
        **fields,
    }
    page = GuidePage(code=code, **values)
    page.materials = [Material(name="居民身份证", form="original", sort_order=0)]
    page.steps = [ProcedureStep(title="受理", sort_order=0)]
    page.offers = [Offer(service_point=hall, modes=["window"], scope="township", sort_order=0)]
    page.live = publish
    section.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return GuidePage.objects.get(pk=page.pk)


def hall_offer(township: str) -> Offer:
    """The township hall's offer of a county-wide (delegated) guide."""
    return (
        Offer.objects.filter(service_point__name=HALLS[township], guide__depth=4)
        .select_related("guide", "service_point")
        .order_by("guide__code")
        .first()
    )
