"""Brakes: password guessing locks sign-in, anonymous routes are throttled and take no session,
and a flood of blank forms writes no records."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from guides.models import GuidePage
from notices.models import IssuedNotice
from tests.editorial_builders import LIAN, staff

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "469034-XK-001"


@pytest.fixture(autouse=True)
def _empty_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def food() -> GuidePage:
    return GuidePage.objects.get(code=FOOD_LICENCE)


@pytest.fixture
def lian_hall(food):
    return food.offers.get(service_point__name="黎安镇便民服务中心").service_point


def sign_in(client: Client, password: str, username: str = "lian_editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_wrong_passwords_lock_sign_in_even_for_the_right_one(client, settings):
    user = staff("lian_editor")
    user.set_password("correct horse")
    user.save()
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        response = sign_in(client, "guess")
        assert response.status_code == 200  # the form again: wrong password
    locked = sign_in(client, "correct horse")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多" in html and f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟后再试" in html
    assert "_auth_user_id" not in client.session

    cache.clear()  # the window has passed
    assert sign_in(client, "correct horse").status_code == 302


def test_one_address_guessing_many_names_is_locked_too(client, settings):
    settings.LOGIN_FAILURES_PER_CLIENT = 3
    for name in ("a", "b", "c"):
        sign_in(client, "guess", username=name)
    assert sign_in(client, "demo", username="county_admin").status_code == 429


def test_a_right_password_clears_the_names_count(client, settings):
    user = staff("lian_editor")
    user.set_password("correct horse")
    user.save()
    for _ in range(settings.LOGIN_FAILURES_PER_USER - 1):
        sign_in(client, "guess")
    assert sign_in(client, "correct horse").status_code == 302
    client.logout()
    sign_in(client, "guess")
    assert sign_in(client, "correct horse").status_code == 302


def test_anonymous_posts_are_throttled_per_client(client, settings, food):
    settings.ANONYMOUS_POSTS_PER_HOUR = 3
    url = f"/api/guides/{food.slug}/precheck/"
    body = json.dumps({"township": LIAN})
    for _ in range(3):
        assert client.post(url, body, content_type="application/json").status_code == 200
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "请稍后再试" in refused.json()["errors"]["__all__"]
    assert int(refused["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(url, body, content_type="application/json").status_code == 200


def test_printed_forms_are_throttled_per_client(client, settings, food, lian_hall):
    settings.ANONYMOUS_POSTS_PER_HOUR = 2
    url = f"/guides/{food.slug}/notice.pdf"
    assert client.get(url, {"point": lian_hall.pk}).status_code == 200
    assert client.get(url, {"point": lian_hall.pk}).status_code == 200
    assert client.get(url, {"point": lian_hall.pk}).status_code == 429


def test_a_flood_of_blank_forms_writes_one_record(client, food, lian_hall):
    url = f"/guides/{food.slug}/notice.pdf"
    serials = set()
    for _ in range(4):
        response = client.get(url, {"point": lian_hall.pk})
        assert response.status_code == 200
    assert IssuedNotice.objects.count() == 1
    serials.add(IssuedNotice.objects.get().serial)
    # The one record is the genuine serial every copy carries.
    assert client.get(f"/notices/{serials.pop()}/").status_code == 200
    # A personalised form is recorded each time.
    client.post(url, json.dumps({"point": lian_hall.pk, "township": LIAN}), "application/json")
    assert IssuedNotice.objects.count() == 2


def test_a_cross_site_post_cannot_issue_a_form_as_the_clerk(food, lian_hall):
    """The public route is CSRF-exempt because it ignores the session: a forged post from
    another site, carrying a signed-in clerk's cookie, issues an anonymous form."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff("lian_window"))
    session_cookie = browser.cookies["sessionid"].value
    response = browser.post(
        f"/guides/{food.slug}/notice.pdf",
        json.dumps({"point": lian_hall.pk, "township": LIAN, "name": "王小丽"}),
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 200
    record = IssuedNotice.objects.get()
    assert record.issued_by is None
    # The clerk stays signed in: the route neither read nor dropped their session.
    assert "sessionid" not in response.cookies
    assert browser.cookies["sessionid"].value == session_cookie
    assert browser.get("/admin/").status_code == 200


def test_staff_print_through_the_csrf_protected_admin(food, lian_hall):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff("lian_window"))
    response = browser.post("/admin/notices/print/", {"guides": [food.pk], "point": lian_hall.pk})
    assert response.status_code == 403  # no CSRF token: refused
    assert not IssuedNotice.objects.exists()
