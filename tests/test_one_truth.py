"""Issue #17's findings, each as it was found: the guide page, the self check, the places list
and the printed form say one thing (``selfcheck.precheck.run_precheck``), and it is right."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from guides.models import GuidePage, Material, Region, ServicePoint
from guides.places import distance_text
from tests.notices_pdf import pdf_text, squeeze

pytestmark = pytest.mark.django_db

ELDERLY = "469034-JF-003"  # 高龄津贴申领: a proxy matter of 英州镇's village stations
FOOD = "469034-XK-001"  # 食品经营许可证核发: 营业执照 fetched from the e-licence library
SHOP = "469034-XK-004"  # 个体工商户设立登记: delegated to every township hall
CHILING = "469034103201"  # 英州镇赤岭村
GUANGPO = "469034101000"  # 光坡镇
CONSENT = {"village-proxy": {"proxy_consent": True}}


def point(name: str) -> ServicePoint:
    return ServicePoint.objects.get(name=name)


def precheck(client, code: str, body: dict) -> dict:
    response = client.post(
        f"/api/guides/{code}/precheck/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def assert_windows_exist(text: str, point: ServicePoint) -> None:
    """Every window ``text`` names is one of ``point``'s, with its own number if numbered."""
    numbers = {window.name: window.number for window in point.windows.all()}
    for found in re.finditer("窗口", text):
        before = text[: found.end()]
        name = next((name for name in numbers if before.endswith(name)), None)
        assert name, f"{point.name} has no window named in: {text}"
        numbered = re.search(r"([0-9A-Za-z\-]+号)\s?" + re.escape(name) + "$", before)
        assert not numbered or numbered.group(1) == numbers[name], text


# 1. Accepted where they will be turned away ------------------------------------------------


def test_a_village_station_of_another_township_is_not_eligible_and_the_nearest_is_named(client):
    taoyuan = point("桃源村便民服务站")  # a village station of 椰林镇
    data = precheck(client, ELDERLY, {"township": CHILING, "point": taoyuan.pk, "answers": CONSENT})
    assert data["eligible"] is False
    assert data["point"]["serves"] is False and "桃源村便民服务站" in data["point"]["refusal"]
    assert data["nearest"]["name"] == "赤岭村便民服务站"
    assert any("离您最近的可办理地点是赤岭村便民服务站" in r for r in data["reasons"])
    places = client.get(
        f"/api/guides/{ELDERLY}/places/",
        {"township": CHILING, "village-proxy.proxy_consent": "yes"},
    ).json()["results"]
    assert taoyuan.pk not in [place["id"] for place in places]
    assert [place["id"] for place in places] == [place["id"] for place in data["places"]]


def test_the_form_for_a_station_that_turns_the_applicant_away_is_refused_naming_the_nearest(
    client,
):
    body = {"township": CHILING, "point": point("桃源村便民服务站").pk, "answers": CONSENT}
    response = client.post(
        f"/guides/{ELDERLY.lower()}/notice.pdf", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert "赤岭村便民服务站" in response.json()["errors"]["point"]


# 2. Materials contradict themselves --------------------------------------------------------


def test_a_licence_the_window_fetches_is_not_needed_everywhere(client):
    data = precheck(client, FOOD, {"township": GUANGPO})
    licence = next(m for m in data["materials"] if m["name"] == "营业执照")
    assert (licence["status"], licence["status_label"]) == ("waived", "免提交")
    page = client.get(f"/guides/{FOOD.lower()}/").content.decode()
    item = re.search(r'data-status="(\w+)"[^>]*>(?:(?!</li>).)*?营业执照', page, re.S)
    assert item.group(1) == "waived"
    pdf = client.get(
        f"/guides/{FOOD.lower()}/notice.pdf", {"point": point("黎安镇便民服务中心").pk}
    )
    text = squeeze(pdf_text(pdf.content))
    assert "营业执照" in text and "营业执照需提交" not in text


def test_a_required_material_whose_note_says_it_is_not_needed_is_refused():
    guide = GuidePage.objects.get(code=FOOD)
    material = Material(guide=guide, name="营业执照", form="copy", notes="无需提交复印件。")
    with pytest.raises(ValidationError) as refused:
        material.full_clean()
    assert "notes" in refused.value.message_dict


def test_a_situational_material_is_asked_and_stated_with_its_situation(client):
    data = precheck(client, ELDERLY, {"township": CHILING, "answers": CONSENT})
    proxy = next(m for m in data["materials"] if m["name"].startswith("授权委托书"))
    assert proxy["status"] == "situational" and proxy["situation"] == "由子女或他人代办的"
    question = next(f for f in data["fields"] if f["plugin"] == "_situation")
    assert "由子女或他人代办的" in question["label"] and question["type"] == "yesno"
    for answer, status in [(True, "required"), (False, "waived")]:
        answers = {**CONSENT, "_situation": {question["name"]: answer}}
        again = precheck(client, ELDERLY, {"township": CHILING, "answers": answers})
        assert next(m for m in again["materials"] if m["name"] == proxy["name"])["status"] == status


# 3. Windows that do not exist ----------------------------------------------------------------


def test_every_window_named_exists_at_the_point_and_other_townships_go_to_the_cross_window(
    client,
):
    lian = point("黎安镇便民服务中心")
    data = precheck(client, SHOP, {"township": GUANGPO, "point": lian.pk})
    assert data["eligible"] and data["point"]["window"] == "2号 跨镇通办窗口"
    for reason in data["reasons"]:
        assert_windows_exist(reason, lian)
    own = precheck(client, SHOP, {"township": "469034108000", "point": lian.pk})
    assert own["point"]["window"] == "1号 综合受理窗口"


# 4. The wrong nearest place, and one distance format ---------------------------------------


def test_a_hall_chosen_far_away_is_not_called_the_nearest_nor_given_the_proxy_reason(client):
    body = {"township": CHILING, "point": point("黎安镇便民服务中心").pk, "answers": CONSENT}
    response = client.post(
        f"/guides/{ELDERLY.lower()}/notice.pdf", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    text = squeeze(pdf_text(response.content))
    assert "离您最近的可办理地点是黎安镇" not in text
    assert "黎安镇便民服务中心可以办理，请到2号跨镇通办窗口（距您约16.4公里）" in text
    assert "代办员" not in text  # the village station's proxy is not this hall's business
    data = precheck(client, ELDERLY, {"township": CHILING, "answers": CONSENT})
    assert (data["nearest"]["name"], data["nearest"]["distance"]) == ("赤岭村便民服务站", "24 米")


@pytest.mark.parametrize(
    ("metres", "text"),
    [(0, "0 米"), (24, "24 米"), (846, "850 米"), (996, "约 1.0 公里"), (3094, "约 3.1 公里")],
)
def test_one_distance_format(metres, text):
    assert distance_text(metres) == text


def test_no_page_prints_kilometres_the_old_ways(client):
    pages = [
        client.get(f"/guides/{ELDERLY.lower()}/", {"township": CHILING}),
        client.get("/search/", {"q": "高龄津贴", "township": CHILING}),
        client.get(
            f"/self-check/{ELDERLY}/",
            {"township": CHILING, "answered": "1", "village-proxy.proxy_consent": "yes"},
        ),
    ]
    for response in pages:
        html = response.content.decode()
        assert not re.search(r"\d\s*km\b|\d{4,} 米|约 0\.0 公里", html), response.request
        assert re.search(r"\d+ 米|约 \d+\.\d 公里", html), response.request


# 5. The citizen's township is lost -------------------------------------------------------------


def test_the_guide_page_lists_the_citizens_own_places_first(client):
    guide = GuidePage.objects.get(code=SHOP)
    html = client.get(guide.url, {"township": GUANGPO}).content.decode()
    listed = re.findall(r'data-testid="place" data-point="(\d+)"', html)
    assert listed[0] == str(point("光坡镇便民服务中心").pk)
    assert 'data-testid="ask-location"' not in html


def test_without_a_location_the_guide_page_asks_for_one_before_listing_a_dozen_halls(client):
    html = client.get(GuidePage.objects.get(code=SHOP).url).content.decode()
    asked = html.index('data-testid="ask-location"')
    assert asked < html.index("<details") < html.index('data-testid="place"')


def test_the_township_picked_follows_the_citizen_to_the_guide_page_and_self_check(client):
    search = client.get("/search/", {"q": "个体工商户", "township": GUANGPO})
    assert search.cookies["township"].value == GUANGPO
    guide = GuidePage.objects.get(code=SHOP)
    assert f'href="{guide.url}?township={GUANGPO}"' in search.content.decode()
    html = client.get(guide.url).content.decode()  # no parameter: the cookie says where
    listed = re.findall(r'data-testid="place" data-point="(\d+)"', html)
    assert listed[0] == str(point("光坡镇便民服务中心").pk)
    assert f'value="{GUANGPO}" selected' in html
    check = client.get(f"/self-check/{SHOP}/").content.decode()
    assert 'data-testid="self-check-result"' in check and "光坡镇便民服务中心" in check


def test_a_region_code_in_the_cookie_that_no_longer_exists_is_ignored_politely(client):
    client.cookies["township"] = "469034999999"
    response = client.get(GuidePage.objects.get(code=SHOP).url)
    assert response.status_code == 200


def test_distances_come_from_the_village_not_the_township_seat():
    chiling = Region.objects.get(code=CHILING)
    from selfcheck.precheck import run_precheck

    result = run_precheck(GuidePage.objects.get(code=ELDERLY), township=chiling, answers=CONSENT)
    assert result.nearest.point.name == "赤岭村便民服务站" and result.nearest.distance_m < 100
