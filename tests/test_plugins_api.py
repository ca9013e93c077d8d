"""POST /api/guides/<code>/precheck/ and the self-check page (server-rendered, no JavaScript)."""

import json
import re

import pytest

from guides.models import ServicePoint

pytestmark = pytest.mark.django_db

YELIN, YINGZHOU_CHILING = "469034100000", "469034103201"
URL = "/api/guides/{}/precheck/"


def post(client, code, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL.format(code), data, content_type="application/json")


def test_precheck_answers_what_where_how_long(client):
    response = post(client, "469034-XK-004", {"township": YELIN})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {
        "eligible",
        "reasons",
        "places",
        "materials",
        "immediate",
        "time_limit_days",
        "fields",
    }
    assert data["eligible"] is True and data["immediate"] is True and data["time_limit_days"] == 0
    assert data["places"][0]["name"] == "椰林镇便民服务中心"  # nearest first
    assert data["places"][0]["distance_m"] < data["places"][-1]["distance_m"]
    # 家庭成员关系证明 is needed only "以家庭成员共同经营的", and nobody said so yet
    assert {m["status"] for m in data["materials"]} == {"required", "situational"}
    assert all(
        set(m) == {"name", "status", "status_label", "situation", "note"} for m in data["materials"]
    )


def test_precheck_with_plugin_answers_and_a_point(client):
    station = ServicePoint.objects.get(name="赤岭村便民服务站")
    body = {
        "township": YINGZHOU_CHILING,
        "point": station.pk,
        "answers": {"village-proxy": {"proxy_consent": True}},
    }
    data = post(client, "469034-GG-002", body).json()
    assert data["point"] == {
        "id": station.pk,
        "name": "赤岭村便民服务站",
        "serves": True,
        "refusal": "",
        "window": "代办窗口",
    }
    assert data["places"][0]["name"] == "赤岭村便民服务站"  # 24 m from the village
    assert data["fields"][0]["key"] == "village-proxy.proxy_consent"
    assert any("代办员于每周二、周五上午" in reason for reason in data["reasons"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "township"),
        ({"township": "4690341"}, "township"),
        ({"township": "469034999000"}, "township"),
        ({"township": "469034000000"}, "township"),  # the county is not a place to live in
        ({"township": YELIN, "point": "abc"}, "point"),
        ({"township": YELIN, "point": 999999}, "point"),
        ({"township": YELIN, "answers": ["yes"]}, "answers"),
        ({"township": YELIN, "answers": {"village-proxy": "yes"}}, "answers"),
    ],
)
def test_bad_requests_get_400_naming_the_field(client, body, field):
    response = post(client, "469034-XK-004", body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_wrong_or_missing_answers_get_400_listing_each_problem(client):
    body = {
        "township": YELIN,
        "answers": {"cross-province-joint": {"works_in_partner": "yes", "proof_date": "soon"}},
    }
    response = post(client, "469034-GG-004", body)
    assert response.status_code == 400
    problems = response.json()["errors"]["answers"]
    assert set(problems) == {
        "cross-province-joint.partner_region",
        "cross-province-joint.proof_of_work",
        "cross-province-joint.proof_date",
    }
    assert problems["cross-province-joint.proof_date"] == "请按 年-月-日 填写日期，如 2026-05-01。"


def test_not_json_and_unknown_guides(client):
    assert post(client, "469034-XK-004", "{not json").status_code == 400
    assert post(client, "469034-XK-004", "[1]").status_code == 400
    assert post(client, "NO-SUCH-CODE", {"township": YELIN}).status_code == 404
    assert client.get(URL.format("469034-XK-004")).status_code == 405


def test_guide_page_offers_the_self_check_form(client):
    html = client.get("/guides/469034-gg-002/").content.decode()
    assert 'action="/self-check/469034-GG-002/"' in html
    assert 'name="township"' in html


def test_self_check_page_asks_then_answers_without_javascript(client):
    first = client.get("/self-check/469034-GG-002/", {"township": YINGZHOU_CHILING})
    html = first.content.decode()
    assert first.status_code == 200
    assert 'name="village-proxy.proxy_consent"' in html
    assert "请回答上面的问题" not in html  # no errors before the applicant has answered
    answered = client.get(
        "/self-check/469034-GG-002/",
        {"township": YINGZHOU_CHILING, "answered": "1", "village-proxy.proxy_consent": "yes"},
    ).content.decode()
    assert "可以申请" in answered
    assert "赤岭村便民服务站" in answered
    assert "每周二、周五上午" in answered


def test_self_check_page_names_a_bad_township(client):
    response = client.get("/self-check/469034-GG-002/", {"township": "12"})
    assert response.status_code == 200
    assert "12位" in response.content.decode()


def notice_link(client, **extra) -> str:
    html = client.get(
        "/self-check/469034-GG-002/",
        {
            "township": YINGZHOU_CHILING,
            "answered": "1",
            "village-proxy.proxy_consent": "yes",
            **extra,
        },
    ).content.decode()
    link = re.search(r'data-testid="notice-link" href="([^"]+)"', html).group(1)
    return link.replace("&amp;", "&")


def test_self_check_result_links_to_the_personalised_printed_form(client):
    choose = client.get(notice_link(client))
    assert choose.status_code == 200 and "赤岭村便民服务站" in choose.content.decode()
    station = ServicePoint.objects.get(name="赤岭村便民服务站")
    printed = client.get(notice_link(client, point=station.pk))
    assert printed.status_code == 200
    assert printed["Content-Type"] == "application/pdf"


def test_self_check_page_takes_a_service_point_instead_of_a_township(client):
    station = ServicePoint.objects.get(name="赤岭村便民服务站")
    html = client.get(
        "/self-check/469034-GG-002/",
        {"point": station.pk, "answered": "1", "village-proxy.proxy_consent": "yes"},
    ).content.decode()
    assert "可以申请" in html
    assert 'value="469034103000" selected' in html  # the station's township, 英州镇
    bad = client.get("/self-check/469034-GG-002/", {"point": "999999"}).content.decode()
    assert "没有这个编号的服务网点" in bad


def test_matter_codes_are_matched_whatever_their_case(client):
    # Guide pages live at /guides/<code in lower case>/, so links built from the slug must work.
    assert client.get("/self-check/469034-gg-002/").status_code == 200
    body = {"township": "469034103000", "answers": {}}
    lower, upper = post(client, "469034-gg-002", body), post(client, "469034-GG-002", body)
    assert lower.status_code == upper.status_code != 404
    assert lower.json() == upper.json()
