"""The dashboard panel of guides to check: stale guides and changed service points, per township."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from editorial.freshness import freshness_report
from guides.models import GuidePage, Offer, Region
from tests import builders
from tests.editorial_builders import LIAN, YINGZHOU, local_guide, staff

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


def by_name(report) -> dict:
    return {group.name: group for group in report}


def test_stale_guides_are_listed_per_township(settings):
    settings.GUIDE_FRESHNESS_DAYS = 180
    old = local_guide(LIAN, "469034108-QT-501", last_verified=dt.date(2026, 1, 1))
    fresh = local_guide(LIAN, "469034108-QT-502", last_verified=dt.date(2026, 10, 1))
    other = local_guide(YINGZHOU, "469034103-QT-501", last_verified=None)
    groups = by_name(freshness_report(today=TODAY))
    assert old in groups["黎安镇"].stale and fresh not in groups["黎安镇"].stale
    assert other in groups["英州镇"].stale

    settings.GUIDE_FRESHNESS_DAYS = 365
    assert "黎安镇" not in by_name(freshness_report(today=TODAY))


def test_a_service_point_edited_after_verification_flags_its_guides():
    guide = local_guide(LIAN, "469034108-QT-503", last_verified=dt.date(2026, 1, 1))
    point = builders.service_point(Region.objects.get(code=LIAN), name="黎安镇测试服务站")
    Offer.objects.create(guide=guide, service_point=point, modes=["window"], scope="township")
    assert not any(c.guide == guide for g in freshness_report() for c in g.changed)

    editor = Client()
    editor.force_login(staff("lian_editor"))
    url = reverse("wagtailsnippets_guides_servicepoint:edit", args=[point.pk])
    data = querydict_from_html(editor.get(url).content.decode(), form_id="w-editor-form")
    data["phone"] = "0898-80000001"
    assert editor.post(url, data).status_code == 302

    changed = by_name(freshness_report())["黎安镇"].changed
    assert [(c.guide, c.point) for c in changed if c.guide == guide] == [(guide, point)]
    GuidePage.objects.filter(pk=guide.pk).update(last_verified=dt.date.today())
    assert not any(c.guide == guide for g in freshness_report() for c in g.changed)


def test_the_dashboard_shows_a_township_editor_their_own_township():
    local_guide(LIAN, "469034108-QT-504", title="黎安镇过期事项", last_verified=dt.date(2020, 1, 1))
    local_guide(
        YINGZHOU, "469034103-QT-504", title="英州镇过期事项", last_verified=dt.date(2020, 1, 1)
    )
    editor = Client()
    editor.force_login(staff("lian_editor"))
    html = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "黎安镇过期事项" in html and "英州镇过期事项" not in html

    admin = Client()
    admin.force_login(staff("county_admin"))
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "黎安镇过期事项" in html and "英州镇过期事项" in html
