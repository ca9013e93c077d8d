"""The demo county: believable, complete and idempotent."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from guides.models import (
    GuidePage,
    LifeEventPage,
    Material,
    Offer,
    Region,
    ServicePoint,
    Theme,
)

pytestmark = pytest.mark.django_db

MODELS = (Region, ServicePoint, Theme, GuidePage, Material, Offer, LifeEventPage)

REQUIRED_MATTERS = [
    "食品经营许可",
    "个体工商户设立登记",
    "烟草专卖零售许可",
    "公共场所卫生许可",
    "出生登记",
    "居住证",
    "居住证明",
    "居民身份证",
    "户口迁移",
    "死亡",
    "丧葬补助",
    "驾驶证",
    "不动产登记",
    "建设用地规划许可",
    "乡村建设规划许可",
    "宅基地",
    "临时救助",
    "最低生活保障",
    "残疾人证",
    "高龄",
    "基本医疗保险",
    "养老保险",
    "就业登记",
    "失业登记",
    "结婚登记",
    "社会保障卡",
    "住房公积金贷款",
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_running_twice_gives_the_same_counts():
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_the_county_has_its_townships_points_and_matters():
    county = Region.objects.get(code="469034000000")
    assert county.name == "陵水黎族自治县"
    assert county.children.filter(level="township").count() == 11
    assert Region.objects.filter(level="village").count() >= 20

    kinds = {kind: ServicePoint.objects.filter(kind=kind).count() for kind in ServicePoint.Kind}
    assert kinds["county_centre"] == 1
    assert kinds["township_hall"] == 11
    assert kinds["village_station"] >= 20
    assert kinds["self_service"] >= 1
    for hall in ServicePoint.objects.filter(kind="township_hall"):
        assert hall.windows.filter(name="跨镇通办窗口").exists(), hall

    titles = list(GuidePage.objects.live().values_list("title", flat=True))
    assert len(titles) >= 32
    for matter in REQUIRED_MATTERS:
        assert any(matter in title for title in titles), matter
    assert LifeEventPage.objects.live().filter(title__contains="出生").exists()
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == "HomePage"


def test_every_guide_is_complete():
    for page in GuidePage.objects.live():
        page.full_clean()
        assert page.other_name_list, page.title
        assert page.materials.exists(), page.title
        assert page.steps.exists(), page.title
        assert page.offers.exists() or page.online_url, page.title
        assert page.last_verified, page.title


def test_delegated_matters_follow_the_townships_reform():
    halls = ServicePoint.objects.filter(kind="township_hall")
    delegated = [
        page
        for page in GuidePage.objects.live()
        if page.offers.filter(service_point__kind="township_hall").exists()
    ]
    assert len(delegated) >= 7
    for page in delegated:
        offers = page.offers.filter(service_point__kind="township_hall")
        assert offers.count() == halls.count(), page.title
        for offer in offers:
            assert "cross_township" in offer.modes and offer.scope == "county", page.title
    for offer in Offer.objects.filter(service_point__kind="village_station"):
        assert "proxy" in offer.modes
