"""Every issued form is recorded; the verify page says what it said; personal data is purged."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from guides.models import GuidePage
from notices.models import IssuedNotice

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "469034-XK-001"
LIAN = "469034108000"


@pytest.fixture
def issued(client) -> IssuedNotice:
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    point = guide.offers.get(service_point__name="黎安镇便民服务中心").service_point
    response = client.post(
        f"/guides/{guide.slug}/notice.pdf",
        json.dumps({"point": point.pk, "township": LIAN, "name": "王小丽", "phone": "13812345678"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return IssuedNotice.objects.get()


def test_the_verify_page_shows_the_form_is_genuine_and_what_it_said(client, issued):
    response = client.get(f"/notices/{issued.serial}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "真实有效" in html and issued.serial in html
    assert "食品经营许可证核发" in html and "黎安镇便民服务中心" in html
    for material in issued.content["materials"]:
        assert material["name"] in html
    # The applicant is recognisable to themselves only.
    assert "王**" in html and "王小丽" not in html and "13812345678" not in html


def test_an_unknown_serial_is_not_genuine(client):
    response = client.get("/notices/20260101-AAAAAAAA/")
    assert response.status_code == 404
    assert "未出具" in response.content.decode()


def test_serials_are_unique_and_unguessable(client, issued):
    other = IssuedNotice.objects.create(matter_code="X", content={"materials": []})
    assert other.serial != issued.serial
    date, random_part = other.serial.split("-")
    assert date == f"{timezone.localdate():%Y%m%d}" and len(random_part) == 8


def test_personal_data_is_purged_after_the_retention_period(client, issued, settings):
    settings.NOTICE_RETENTION_DAYS = 30
    fresh = IssuedNotice.objects.create(
        matter_code="X", applicant_name="李四", content={"materials": []}
    )
    IssuedNotice.objects.filter(pk=issued.pk).update(
        issued_at=timezone.now() - dt.timedelta(days=31)
    )

    call_command("purge_notices", verbosity=0)

    issued.refresh_from_db()
    fresh.refresh_from_db()
    assert issued.applicant_name == "" and issued.applicant_phone == ""
    assert issued.purged_at is not None
    assert issued.content["materials"] and issued.answers_hash, "what the form said stays"
    assert fresh.applicant_name == "李四" and fresh.purged_at is None
    # The verify page still confirms the purged form.
    assert client.get(f"/notices/{issued.serial}/").status_code == 200
