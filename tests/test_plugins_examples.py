"""The three example plugins change the self check for the right townships, and nothing else."""

import datetime as dt

import pytest

from guides.models import Region
from plugins.demo import load_example_plugins
from plugins.models import TownshipPlugin

pytestmark = pytest.mark.django_db

YELIN, GUANGPO, YINGZHOU = "469034100000", "469034101000", "469034103000"
CHILING_VILLAGE = "469034103201"  # 英州镇赤岭村: its station handles the village proxy list
TAOYUAN_VILLAGE = "469034100201"  # 椰林镇桃源村
CROSS = "跨镇通办：本事项已赋权乡镇"


def names(result):
    return [place.point.name for place in result.places]


def plugin_keys(result):
    """The plugins' own questions (the material situations are asked too)."""
    return [f["key"] for f in result.fields if f["plugin"] != "_situation"]


@pytest.fixture(autouse=True)
def demo_plugins():
    load_example_plugins()  # idempotent: the demo already ran it once


def test_demo_enables_the_examples_where_intended():
    enabled = set(
        TownshipPlugin.objects.filter(enabled=True).values_list("plugin_id", "township__code")
    )
    assert {code for plugin, code in enabled if plugin == "lingshui-cross-township"} == {
        region.code for region in Region.objects.filter(level="township")
    }
    assert {code for plugin, code in enabled if plugin == "village-proxy"} == {YINGZHOU}
    assert {code for plugin, code in enabled if plugin == "cross-province-joint"} == {YELIN}


def test_cross_township_explains_other_halls_for_delegated_matters(self_check):
    result = self_check("469034-XK-004", GUANGPO)
    assert any(reason.startswith(CROSS) for reason in result.reasons)
    lian = next(place for place in result.places if place.point.name == "黎安镇便民服务中心")
    assert lian.window_label == "2号 跨镇通办窗口"  # the window it keeps for other townships
    assert result.eligible


def test_cross_township_says_nothing_for_matters_not_delegated(self_check):
    result = self_check("469034-QR-002", GUANGPO)
    assert not any(reason.startswith(CROSS) for reason in result.reasons)


def test_cross_township_disabled_in_a_township_changes_only_that_township(self_check):
    TownshipPlugin.objects.filter(
        plugin_id="lingshui-cross-township", township__code=GUANGPO
    ).update(enabled=False)

    # 光坡镇's hall no longer takes other townships' residents; the other halls still take
    # 光坡镇's (a hall applies its own acceptance rules: plugins.applicability)
    def admitted(township: str) -> dict[str, bool]:
        result = self_check("469034-XK-004", township)
        return {p.point.name: p.admitted_by.startswith(CROSS) for p in result.places}

    assert admitted(YELIN)["光坡镇便民服务中心"] is False
    assert admitted(YELIN)["黎安镇便民服务中心"] is True
    assert admitted(GUANGPO)["黎安镇便民服务中心"] is True


def test_village_proxy_asks_for_consent_in_yingzhou_only(self_check):
    asked = self_check("469034-GG-002", CHILING_VILLAGE)
    assert plugin_keys(asked) == ["village-proxy.proxy_consent"]
    assert plugin_keys(self_check("469034-GG-002", TAOYUAN_VILLAGE)) == []


def test_village_station_accepts_by_proxy_with_consent_and_tells_the_handover(self_check):
    result = self_check(
        "469034-GG-002", CHILING_VILLAGE, {"village-proxy": {"proxy_consent": True}}
    )
    assert "赤岭村便民服务站" in names(result)
    assert any("每周二、周五上午送交镇便民服务中心" in reason for reason in result.reasons)


def test_village_station_refuses_without_consent(self_check):
    result = self_check(
        "469034-GG-002", CHILING_VILLAGE, {"village-proxy": {"proxy_consent": "no"}}
    )
    assert "赤岭村便民服务站" not in names(result)
    assert "英州镇便民服务中心" in names(result)
    assert any("不委托代办员" in reason for reason in result.reasons)


def test_village_station_refuses_matters_off_the_townships_list(self_check):
    # 生育登记 is on the station's proxy set, but not on 英州镇's list of proxied matters
    result = self_check(
        "469034-GG-001", CHILING_VILLAGE, {"village-proxy": {"proxy_consent": True}}
    )
    assert "赤岭村便民服务站" not in names(result)
    assert any("不代办本事项" in reason for reason in result.reasons)


def test_village_proxy_leaves_other_townships_stations_alone(self_check):
    result = self_check("469034-GG-002", TAOYUAN_VILLAGE)
    assert "桃源村便民服务站" in names(result)
    # (the station's own window is its 代办窗口; the plugin's messages speak of 代办员)
    assert not any("代办员" in reason or "不代办" in reason for reason in result.reasons)


def partner_answers(**overrides):
    answers = {
        "works_in_partner": True,
        "partner_region": "440825000000",
        "proof_of_work": "labour_contract",
        "proof_date": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
    }
    return {"cross-province-joint": {**answers, **overrides}}


def test_cross_province_asks_only_in_yelin_and_only_for_its_matters(self_check):
    assert plugin_keys(self_check("469034-GG-004", YELIN)) == [
        "cross-province-joint.works_in_partner"
    ]
    assert plugin_keys(self_check("469034-GG-004", GUANGPO)) == []
    assert plugin_keys(self_check("469034-XK-004", YELIN)) == []


def test_cross_province_shows_the_proof_questions_once_you_work_there(self_check):
    result = self_check(
        "469034-GG-004", YELIN, {"cross-province-joint": {"works_in_partner": "yes"}}
    )
    assert [key.split(".")[1] for key in plugin_keys(result)] == [
        "works_in_partner",
        "partner_region",
        "proof_of_work",
        "proof_date",
    ]
    assert set(result.problems) == {
        "cross-province-joint.partner_region",
        "cross-province-joint.proof_of_work",
        "cross-province-joint.proof_date",
    }
    assert not result.eligible


def test_cross_province_adds_the_proof_of_work_and_the_centre(self_check):
    result = self_check("469034-GG-004", YELIN, partner_answers())
    assert result.eligible
    extra = [line for line in result.materials if line.material is None]
    assert [(line.name, line.status) for line in extra] == [
        ("在合作地区工作的证明（劳动合同、社保缴费记录或营业执照）", "required")
    ]
    assert any("19号跨省通办窗口" in reason for reason in result.reasons)


def test_cross_province_refuses_old_proof_and_other_regions(self_check):
    old = (dt.date.today() - dt.timedelta(days=200)).isoformat()
    result = self_check("469034-GG-004", YELIN, partner_answers(proof_date=old))
    assert not result.eligible
    assert "工作证明须为近6个月内出具，请补开后再来。" in result.reasons
    result = self_check("469034-GG-004", YELIN, partner_answers(partner_region="other"))
    assert not result.eligible
    assert any("不是跨省联办合作地区" in reason for reason in result.reasons)


def test_plugin_signals_reach_only_townships_where_the_plugin_is_enabled(self_check, caplog):
    caplog.set_level("INFO", logger="guides_plugin_cross_province")
    self_check("469034-GG-004", YELIN)
    self_check("469034-GG-004", GUANGPO)
    logged = [r.getMessage() for r in caplog.records if r.name == "guides_plugin_cross_province"]
    assert logged == ["跨省联办 self check: 469034-GG-004 in 椰林镇"]
