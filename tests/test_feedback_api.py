"""The JSON API of ratings, problem reports and figures: each route and each bad input."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from feedback.models import HandlingStep, ProblemReport, Rating, Rectification
from guides.models import GuidePage, Region, ServicePoint
from guides.working_days import WorkingCalendar
from notices.models import IssuedNotice

pytestmark = pytest.mark.django_db

SHOP_LICENCE = "469034-XK-004"  # 个体工商户设立登记: county-wide, offered at every township hall
LIAN = "469034108000"
LIAN_HALL = "黎安镇便民服务中心"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def post(client, url: str, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **extra)


def rate(client, body, code: str = SHOP_LICENCE, **extra):
    return post(client, f"/api/guides/{code}/feedback/", body, **extra)


def lian_hall() -> ServicePoint:
    return ServicePoint.objects.get(name=LIAN_HALL)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_a_good_rating_is_recorded_and_asks_nothing_of_the_editors(client):
    response = rate(client, {"rating": 5, "tags": [], "comment": "窗口很快"})

    assert response.status_code == 201
    assert response.json()["rectification_due"] is None
    rating = Rating.objects.get(pk=response.json()["id"])
    assert (rating.level, rating.matter_code, rating.channel) == (5, SHOP_LICENCE, "api")
    assert not Rectification.objects.exists()


def test_a_bad_rating_at_a_township_hall_opens_a_task_for_that_township(client):
    response = rate(
        client,
        {
            "rating": 1,
            "tags": ["materials"],
            "comment": "要了指南上没有的证明",
            "point": lian_hall().pk,
        },
    )

    assert response.status_code == 201
    task = Rectification.objects.get()
    assert task.township.code == LIAN and task.guide.code == SHOP_LICENCE
    assert task.state == "pending"
    assert "材料和指南不一致" in task.reason and "要了指南上没有的证明" in task.reason
    calendar = WorkingCalendar.of_county()
    opened = task.opened_at.astimezone().date()
    assert task.due_date == calendar.add(opened, 15)
    assert response.json()["rectification_due"] == task.due_date.isoformat()
    assert HandlingStep.objects.get(rectification=task).action == "open"


def test_a_bad_rating_of_a_county_guide_without_a_point_goes_to_the_county(client):
    assert rate(client, {"rating": 2}).status_code == 201
    assert Rectification.objects.get().township is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "很好"}, "rating"),
        ({"rating": True}, "rating"),
        ({"rating": 3.5}, "rating"),
        ({"rating": 3, "tags": "materials"}, "tags"),
        ({"rating": 3, "tags": ["materials", "materials"]}, "tags"),
        ({"rating": 3, "tags": ["unknown"]}, "tags"),
        ({"rating": 3, "comment": "长" * 501}, "comment"),
        ({"rating": 3, "comment": 12}, "comment"),
        ({"rating": 3, "point": "abc"}, "point"),
        ({"rating": 3, "point": 999999}, "point"),
        ({"rating": 3, "serial": "20260101-AAAAAAAA"}, "serial"),
        ({"rating": 3, "serial": 12}, "serial"),
        ({"rating": 3, "phone": "12"}, "phone"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, body, field):
    response = rate(client, body)

    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert field in payload["errors"] and has_chinese(payload["errors"][field])
    assert not Rating.objects.exists()


def test_every_bad_field_is_named_at_once(client):
    response = rate(client, {"rating": 9, "tags": ["x"], "comment": "长" * 600})
    assert set(response.json()["errors"]) == {"rating", "tags", "comment"}


def test_a_point_that_does_not_handle_the_matter_is_refused(client):
    elsewhere = ServicePoint.objects.exclude(offers__guide__code=SHOP_LICENCE).first()
    response = rate(client, {"rating": 4, "point": elsewhere.pk})
    assert response.status_code == 400 and "point" in response.json()["errors"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, body):
    response = rate(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json" and "body" in response.json()["errors"]


def test_an_unknown_guide_is_a_404_with_a_json_body(client):
    response = rate(client, {"rating": 5}, code="469034-NO-999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_only_post_is_allowed(client):
    assert client.get(f"/api/guides/{SHOP_LICENCE}/feedback/").status_code == 405


def test_the_honeypot_refuses_and_keeps_nothing(client):
    response = rate(client, {"rating": 1, "website": "http://spam.example"})
    assert response.status_code == 400 and response.json()["code"] == "rejected"
    assert not Rating.objects.exists() and not Rectification.objects.exists()


def test_one_rating_per_printed_form(client):
    guide = GuidePage.objects.get(code=SHOP_LICENCE)
    notice = IssuedNotice.objects.create(
        guide=guide, matter_code=guide.code, service_point=lian_hall(), content={"materials": []}
    )

    first = rate(client, {"rating": 2, "serial": notice.serial.lower()})
    second = rate(client, {"rating": 5, "serial": notice.serial})

    assert first.status_code == 201
    rating = Rating.objects.get()
    assert rating.notice == notice and rating.service_point == lian_hall()
    assert rating.township.code == LIAN, "the form's hall decides whose task it is"
    assert second.status_code == 400 and "serial" in second.json()["errors"]


def test_a_form_of_another_matter_cannot_rate_this_one(client):
    notice = IssuedNotice.objects.create(matter_code="469034-XK-001", content={"materials": []})
    notice.guide = GuidePage.objects.get(code="469034-XK-001")
    notice.save()
    response = rate(client, {"rating": 3, "serial": notice.serial})
    assert response.status_code == 400 and "serial" in response.json()["errors"]


def test_anonymous_posts_are_throttled_per_client_with_a_chinese_429(client, settings):
    settings.FEEDBACK_POSTS_PER_HOUR = 3
    for _ in range(3):
        assert rate(client, {"rating": 5}).status_code == 201

    refused = rate(client, {"rating": 5})
    other_client = rate(client, {"rating": 5}, REMOTE_ADDR="10.0.0.7")

    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert has_chinese(refused.json()["errors"]["__all__"])
    assert int(refused["Retry-After"]) > 0
    assert other_client.status_code == 201
    # Reports share the limit: the same client cannot switch to another route.
    report = post(client, "/api/reports/", {"description": "x", "township": LIAN})
    assert report.status_code == 429
    assert Rating.objects.count() == 4


def test_the_api_needs_no_csrf_token_and_ignores_the_session(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    response = rate(client, {"rating": 1})
    assert response.status_code == 201
    step = HandlingStep.objects.get()
    assert step.by is None, "an anonymous route never acts as the logged-in user"


# -- problem reports ------------------------------------------------------------------------


def test_a_report_on_a_guide_is_accepted_with_a_reference_number(client):
    response = post(
        client,
        f"/api/guides/{SHOP_LICENCE}/reports/",
        {"description": "窗口说要房产证原件，指南没写", "township": LIAN, "phone": "13812345678"},
    )

    assert response.status_code == 201
    body = response.json()
    report = ProblemReport.objects.get(reference=body["reference"])
    assert body["state"] == "accepted" and body["state_label"] == "已受理"
    assert report.guide.code == SHOP_LICENCE and report.matter == report.guide.title
    assert report.township.code == LIAN and report.phone == "13812345678"
    assert report.channel == "public" and report.recorded_by is None
    assert [step["step"] for step in body["steps"]] == ["accept"]
    assert "13812345678" not in response.content.decode()
    assert "房产证" not in response.content.decode(), "the description is not shown publicly"


def test_a_report_without_a_guide_takes_a_village_as_its_township(client):
    response = post(
        client,
        "/api/reports/",
        {
            "description": "想给老人办高龄补贴，不知道找谁",
            "township": "469034108201",
            "matter": "高龄补贴",
        },
    )
    assert response.status_code == 201
    report = ProblemReport.objects.get()
    assert report.guide is None and report.matter == "高龄补贴"
    assert report.township.code == LIAN


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"township": LIAN}, "description"),
        ({"description": "   ", "township": LIAN}, "description"),
        ({"description": "长" * 1001, "township": LIAN}, "description"),
        ({"description": "x"}, "township"),
        ({"description": "x", "township": "469034000000"}, "township"),
        ({"description": "x", "township": "12345"}, "township"),
        ({"description": "x", "township": LIAN, "phone": "abc"}, "phone"),
        ({"description": "x", "township": LIAN, "matter": "长" * 101}, "matter"),
    ],
)
def test_bad_report_input_is_a_400_naming_the_field(client, body, field):
    response = post(client, "/api/reports/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]
    assert not ProblemReport.objects.exists()


def test_a_report_on_an_unknown_guide_is_a_404(client):
    response = post(client, "/api/guides/469034-NO-999/reports/", {"description": "x"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_report_is_followed_by_its_reference_number(client):
    reference = post(
        client, "/api/reports/", {"description": "x", "township": LIAN, "phone": "13812345678"}
    ).json()["reference"]

    response = client.get(f"/api/reports/{reference.lower()}/")

    assert response.status_code == 200
    assert response.json()["reference"] == reference and response.json()["state"] == "accepted"
    assert "13812345678" not in response.content.decode()
    missing = client.get("/api/reports/BJ20260101-AAAAAA/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


# -- figures ----------------------------------------------------------------------------------


def test_the_figures_answer_for_the_county_and_each_township(client):
    response = client.get("/api/figures/")

    assert response.status_code == 200
    body = response.json()
    assert 0 < body["county"]["immediate_rate"] < 1
    assert body["county"]["guides"] == GuidePage.objects.live().count()
    townships = Region.objects.filter(level="township").count()
    assert len(body["townships"]) == townships
    assert len(body["county"]["weekly"]) in (12, 13)


def test_the_figures_of_one_township_and_period(client):
    response = client.get(
        "/api/figures/", {"township": LIAN, "from": "2026-01-01", "to": "2026-03-31"}
    )
    body = response.json()
    assert response.status_code == 200
    assert [t["code"] for t in body["townships"]] == [LIAN]
    assert body["period"] == {"from": "2026-01-01", "to": "2026-03-31"}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"from": "2026-13-01"}, {"from"}),
        ({"to": "yesterday"}, {"to"}),
        ({"from": "2026-05-01", "to": "2026-04-01"}, {"from"}),
        ({"from": "2024-01-01", "to": "2026-01-01"}, {"to"}),
        ({"township": "469034000000"}, {"township"}),
        ({"township": "x", "from": "x"}, {"township", "from"}),
    ],
)
def test_bad_figures_parameters_are_a_400_naming_each(client, query, fields):
    response = client.get("/api/figures/", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and set(response.json()["errors"]) == fields
