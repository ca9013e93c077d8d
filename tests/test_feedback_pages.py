"""The public pages and the admin's: forms without JavaScript, bad input, escaping, masking."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from feedback.models import ProblemReport, Rating, Rectification
from feedback.report_loop import receive
from guides.models import GuidePage, Region, ServicePoint
from notices.models import IssuedNotice
from tests.editorial_builders import LIAN, YINGZHOU, staff

pytestmark = pytest.mark.django_db

SHOP_LICENCE = "469034-XK-004"
RATE_URL = f"/guides/{SHOP_LICENCE.lower()}/rate/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def lian_hall() -> ServicePoint:
    return ServicePoint.objects.get(name="黎安镇便民服务中心")


def test_the_guide_page_has_the_rating_form(client):
    html = client.get(f"/guides/{SHOP_LICENCE.lower()}/").content.decode()
    assert 'data-testid="rate-form"' in html and "非常不满意" in html and "材料和指南不一致" in html
    assert 'name="website"' in html, "the honeypot"
    assert "黎安镇便民服务中心" in html, "the points that handle it, to say where one went"


def test_a_good_rating_from_the_form_thanks_the_citizen(client):
    response = client.post(RATE_URL, {"rating": "5", "channel": "guide"})
    assert response.status_code == 302 and response["Location"].startswith("/feedback/thanks/")
    thanks = client.get(response["Location"]).content.decode()
    assert "感谢您的评价" in thanks and "已记录" in thanks
    assert Rating.objects.get().channel == "guide"


def test_a_bad_rating_from_the_form_says_it_goes_to_the_editors(client):
    response = client.post(
        RATE_URL,
        {
            "rating": "1",
            "tags": ["materials", "overdue"],
            "point": lian_hall().pk,
            "phone": "13812345678",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "15个工作日内整改" in html
    task = Rectification.objects.get()
    assert task.township.code == LIAN
    assert Rating.objects.get().tags == ["materials", "overdue"]


def test_a_wrong_form_is_shown_again_with_the_message_and_what_was_typed(client):
    response = client.post(RATE_URL, {"comment": "窗口<b>态度</b>差", "tags": ["materials"]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请从1（非常不满意）到5（非常满意）中选择评价" in html
    assert "窗口&lt;b&gt;态度&lt;/b&gt;差" in html and "<b>态度</b>" not in html
    assert 'value="materials" checked' in html
    assert not Rating.objects.exists()


def test_the_form_honeypot_thanks_a_bot_and_keeps_nothing(client):
    response = client.post(RATE_URL, {"rating": "1", "website": "spam"})
    assert response.status_code == 302 and not Rating.objects.exists()


def test_the_form_is_throttled_with_a_chinese_page(client, settings):
    settings.FEEDBACK_POSTS_PER_HOUR = 1
    client.post(RATE_URL, {"rating": "5"})
    response = client.post(RATE_URL, {"rating": "5"})
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()


def test_the_verify_page_rates_its_form_once(client):
    guide = GuidePage.objects.get(code=SHOP_LICENCE)
    notice = IssuedNotice.objects.create(
        guide=guide, matter_code=guide.code, service_point=lian_hall(), content={"materials": []}
    )
    page = client.get(f"/notices/{notice.serial}/").content.decode()
    assert (
        f'name="serial" value="{notice.serial}"' in page and 'name="channel" value="verify"' in page
    )

    client.post(
        RATE_URL,
        {"rating": "2", "serial": notice.serial, "point": lian_hall().pk, "channel": "verify"},
    )

    rating = Rating.objects.get()
    assert rating.notice == notice and rating.channel == "verify"
    again = client.get(f"/notices/{notice.serial}/").content.decode()
    assert "这张告知单已评价" in again and 'data-testid="rate-form"' not in again


def test_a_problem_report_from_the_form_is_followed_by_its_reference(client):
    form = client.get(f"/reports/new/?guide={SHOP_LICENCE}")
    assert form.status_code == 200 and "个体工商户设立登记" in form.content.decode()

    response = client.post(
        "/reports/new/",
        {
            "guide": SHOP_LICENCE,
            "description": "要了<script>alert(1)</script>",
            "township": LIAN,
            "phone": "13812345678",
        },
    )

    report = ProblemReport.objects.get()
    assert response.status_code == 302 and report.reference in response["Location"]
    status = client.get(response["Location"]).content.decode()
    assert "已受理" in status and report.reference in status
    assert "13812345678" not in status and "<script>alert(1)" not in status
    lookup = client.get("/reports/", {"reference": report.reference.lower()})
    assert lookup.status_code == 302 and lookup["Location"].endswith(
        f"/reports/{report.reference}/"
    )


def test_a_wrong_report_form_names_each_field(client):
    response = client.post("/reports/new/", {"description": "", "township": "1", "phone": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "此项必填" in html and "区划代码" in html and "0898-83312345" in html
    assert not ProblemReport.objects.exists()


def test_an_unknown_reference_is_a_404_with_a_message(client):
    response = client.get("/reports/", {"reference": "BJ20260101-AAAAAA"})
    assert response.status_code == 404 and "没有这个受理编号" in response.content.decode()
    assert client.get("/reports/BJ20260101-AAAAAA/").status_code == 404


def test_the_figures_page_draws_bars_and_trends(client):
    response = client.get("/figures/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "即办件占比" in html and "<svg" in html and "<polyline" in html
    assert html.count('data-testid="bars-') == 6
    for township in Region.objects.filter(level="township"):
        assert township.name in html
    bad = client.get("/figures/", {"from": "nope"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.content.decode()


# -- the admin --------------------------------------------------------------------------------


def bad_rating_at(point: ServicePoint) -> Rectification:
    cache.clear()
    from django.test import Client

    Client().post(
        RATE_URL, {"rating": "1", "point": point.pk, "phone": "13812345678", "comment": "<i>差</i>"}
    )
    return Rectification.objects.latest("pk")


def test_the_township_editor_handles_the_task_in_the_admin(client):
    task = bad_rating_at(lian_hall())
    client.force_login(staff("lian_editor"))

    listing = client.get("/admin/feedback/tasks/").content.decode()
    assert (
        "个体工商户设立登记" in listing
        and "138****5678" in listing
        and "13812345678" not in listing
    )
    detail = client.get(f"/admin/feedback/tasks/{task.pk}/").content.decode()
    assert "&lt;i&gt;差&lt;/i&gt;" in detail and "<i>差</i>" not in detail

    client.post(f"/admin/feedback/tasks/{task.pk}/", {"step": "start"})
    client.post(f"/admin/feedback/tasks/{task.pk}/", {"step": "resolve", "action": "窗口已整改"})
    refused = client.post(
        f"/admin/feedback/tasks/{task.pk}/", {"step": "call_back", "result": "好"}, follow=True
    )
    assert "请选择是否联系上群众" in refused.content.decode()
    client.post(
        f"/admin/feedback/tasks/{task.pk}/",
        {"step": "call_back", "reached": "yes", "result": "满意"},
    )

    task.refresh_from_db()
    assert task.state == "closed" and task.callback_reached


def test_the_dashboard_flags_overdue_tasks(client):
    task = bad_rating_at(lian_hall())
    Rectification.objects.filter(pk=task.pk).update(due_date="2026-01-05")
    client.force_login(staff("lian_editor"))
    html = client.get("/admin/").content.decode()
    assert 'data-testid="feedback-panel"' in html and 'data-testid="overdue"' in html
    assert "已超期" in html


def test_a_window_clerk_records_a_report_and_only_the_handler_sees_the_phone(client):
    client.force_login(staff("lian_window"))
    bad = client.post(
        "/admin/feedback/reports/new/", {"description": "", "township": LIAN, "guide": "nope"}
    )
    assert bad.status_code == 400 and "没有这个事项编码" in bad.content.decode()
    client.post(
        "/admin/feedback/reports/new/",
        {
            "description": "老人腿脚不便，想上门办理",
            "township": LIAN,
            "phone": "13812345678",
            "guide": SHOP_LICENCE,
        },
    )
    report = ProblemReport.objects.get()
    assert report.channel == "window" and report.recorded_by == staff("lian_window")
    assert report.steps.get().by == staff("lian_window")

    client.force_login(staff("lian_editor"))
    url = f"/admin/feedback/reports/{report.pk}/"
    assert "138****5678" in client.get(url).content.decode()
    client.post(url, {"step": "take"})
    assert "13812345678" in client.get(url).content.decode()
    client.post(url, {"step": "inform", "explanation": "可预约上门代办"})
    client.post(url, {"step": "gap", "gap_kind": "wrong_place", "note": "指南未写上门代办"})
    report.refresh_from_db()
    assert report.state == "informed" and report.guide_changes.count() == 1

    client.force_login(staff("county_admin"))
    assert "138****5678" in client.get(url).content.decode()


def test_the_admin_figures_page(client):
    client.force_login(staff("lian_window"))
    response = client.get("/admin/feedback/figures/")
    assert response.status_code == 200 and "<svg" in response.content.decode()


def test_another_townships_report_is_not_found_for_a_township_editor(client):
    report = receive(
        ProblemReport(description="x", township=Region.objects.get(code=YINGZHOU), channel="public")
    )
    client.force_login(staff("lian_editor"))
    assert client.get(f"/admin/feedback/reports/{report.pk}/").status_code == 404
    assert client.post(f"/admin/feedback/reports/{report.pk}/", {"step": "take"}).status_code == 404


def test_the_self_check_result_has_the_rating_form_for_the_point_chosen(client):
    hall = lian_hall()
    html = client.get(
        f"/self-check/{SHOP_LICENCE.lower()}/",
        {"township": LIAN, "point": hall.pk, "answered": "1"},
    ).content.decode()
    assert 'data-testid="self-check-result"' in html
    assert 'name="channel" value="self_check"' in html
    assert f'name="point" value="{hall.pk}"' in html
