"""Window staff print forms in the admin: one click, several matters, one PDF."""

import re

import pytest
from django.contrib.auth.models import Permission

from guides.models import GuidePage, ServicePoint, StaffProfile, StaffRole
from notices.models import IssuedNotice
from tests.notices_pdf import pdf_text, squeeze

pytestmark = pytest.mark.django_db

URL = "/admin/notices/print/"
FOOD_LICENCE = "469034-XK-001"
SOLE_TRADER = "469034-XK-004"
LIAN = "469034108000"
ELDERLY = "469034-JF-003"  # 高龄津贴申领
CHILING = "469034103201"  # 英州镇赤岭村


@pytest.fixture
def hall() -> ServicePoint:
    return ServicePoint.objects.get(name="黎安镇便民服务中心")


def admin_user(django_user_model, name: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def clerk(client, django_user_model, hall):
    user = admin_user(django_user_model, "clerk")
    StaffProfile.objects.create(user=user, role=StaffRole.WINDOW_STAFF, service_point=hall)
    client.force_login(user)
    return user


def test_a_clerk_prints_several_matters_for_one_applicant_in_one_pdf(client, clerk, hall):
    guides = GuidePage.objects.filter(code__in=[FOOD_LICENCE, SOLE_TRADER])
    form = client.get(URL)
    assert form.status_code == 200
    assert f'<option value="{hall.pk}" selected>' in form.content.decode(), "their own hall"

    response = client.post(
        URL,
        {
            "guides": [guide.pk for guide in guides],
            "point": hall.pk,
            "township": LIAN,
            "name": "王小丽",
            "print": "1",
        },
    )

    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    records = list(IssuedNotice.objects.order_by("matter_code"))
    assert [r.matter_code for r in records] == [FOOD_LICENCE, SOLE_TRADER]
    assert all(r.issued_by == clerk and r.personalised for r in records)
    text = squeeze(pdf_text(response.content))
    for guide, record in zip(sorted(guides, key=lambda g: g.code), records, strict=True):
        assert guide.title in text and record.serial in text
    assert text.count("存根编号") == 2  # one stub per form


def test_a_matter_the_hall_does_not_handle_is_named_and_nothing_is_issued(client, clerk):
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    other = GuidePage.objects.exclude(offers__service_point__name="黎安镇便民服务中心").first()
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")

    response = client.post(URL, {"guides": [guide.pk, other.pk], "point": hall.pk, "print": "1"})

    assert response.status_code == 200
    assert other.title in response.content.decode()
    assert not IssuedNotice.objects.exists()


def test_the_clerk_answers_the_self_check_questions_in_ordinary_fields(client, clerk, hall):
    """No JSON: the applicant's village from the list, then the questions citizens answer."""
    guide = GuidePage.objects.get(code=ELDERLY)
    form = client.get(URL).content.decode()
    assert '<option value="469034103201">英州镇 · 赤岭村</option>' in form
    assert "JSON" not in form and "<textarea" not in form
    chosen = {"guides": [guide.pk], "point": hall.pk, "township": CHILING}

    asked = client.post(URL, {**chosen, "print": "1"}).content.decode()
    assert 'name="village-proxy.proxy_consent" value="yes"' in asked  # a radio button
    error = re.search(
        r'data-field="village-proxy.proxy_consent".*?(?=data-field=|</form>)', asked, re.S
    )
    assert "此项必答" in error.group(0), error.group(0)
    assert "由子女或他人代办的" in asked  # the situation of 授权委托书, asked too
    assert not IssuedNotice.objects.exists()

    wrong = client.post(URL, {**chosen, "village-proxy.proxy_consent": "maybe", "print": "1"})
    assert "maybe" not in wrong.content.decode() or "有效" in wrong.content.decode()
    assert not IssuedNotice.objects.exists()

    printed = client.post(URL, {**chosen, "village-proxy.proxy_consent": "yes", "print": "1"})
    assert printed["Content-Type"] == "application/pdf"
    record = IssuedNotice.objects.get()
    assert record.personalised and record.matter_code == ELDERLY
    text = squeeze(pdf_text(printed.content))
    assert "视情形提交" in text and "由子女或他人代办的" in text


def test_someone_without_a_staff_role_may_not_print(client, django_user_model):
    client.force_login(admin_user(django_user_model, "visitor"))
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "/admin/notices/print/" not in client.get("/admin/").content.decode()


def test_the_menu_shows_the_print_item_to_staff(client, clerk):
    assert URL in client.get("/admin/").content.decode()
