"""Editors at work in the real Wagtail admin views: create, publish and be told what is wrong."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from guides.models import GuideIndexPage, GuidePage, ServicePoint

pytestmark = pytest.mark.django_db


def add_guide_url() -> str:
    index = GuideIndexPage.objects.get()
    return reverse("wagtailadmin_pages:add", args=["guides", "guidepage", index.pk])


def guide_form(**overrides) -> dict:
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")
    data = {
        "title": "农机购置补贴申请",
        "code": "469034-JF-901",
        "summary": "购买农业机械的农户申请中央财政补贴。",
        "other_names": "农机补贴\n买农机补贴",
        "matter_type": "benefit",
        "implementing_body": "陵水黎族自治县农业农村局",
        "audience": "person",
        "legal_basis": rich_text("<p>《中华人民共和国农业机械化促进法》第二十七条</p>"),
        "conditions": rich_text("<ul><li>本县从事农业生产的个人</li></ul>"),
        "case_type": "promised",
        "statutory_days": "20",
        "promised_days": "15",
        "visits": "1",
        "is_free": "on",
        "result": "补贴资金发放",
        "consultation_phone": "0898-83321234",
        "complaint_phone": "12345",
        "materials": inline_formset(
            [
                {
                    "name": "居民身份证",
                    "form": "original",
                    "medium": "paper",
                    "copies": "1",
                    "requirement": "required",
                    "source": "applicant",
                },
                {
                    "name": "授权委托书",
                    "form": "original",
                    "medium": "paper",
                    "copies": "1",
                    "requirement": "conditional",
                    "condition": "委托他人办理的",
                    "source": "applicant",
                },
            ]
        ),
        "offers": inline_formset(
            [
                {
                    "service_point": str(hall.pk),
                    "modes": (
                        "window",
                        "cross_township",
                    ),  # a tuple: nested_form_data would split a list
                    "scope": "county",
                    "window": "跨镇通办窗口",
                }
            ]
        ),
        "steps": inline_formset([{"title": "受理", "description": "窗口收件"}]),
        "fee_items": inline_formset([]),
        "faqs": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def form_errors(response) -> str:
    """Every error the editor sees on the page form and its inline rows, as one string."""
    form = response.context["form"]
    messages = [str(form.errors)]
    for formset in form.formsets.values():
        messages += [str(errors) for errors in formset.errors] + [str(formset.non_form_errors())]
    return " ".join(messages)


def test_editor_creates_and_publishes_a_guide(admin_client):
    response = admin_client.post(add_guide_url(), guide_form())
    assert response.status_code == 302, form_errors(response)

    page = GuidePage.objects.get(code="469034-JF-901")
    assert page.live
    assert page.url.endswith("/guides/469034-jf-901/")
    assert [m.name for m in page.materials.all()] == ["居民身份证", "授权委托书"]
    assert page.offers.get().modes == ["window", "cross_township"]

    public = admin_client.get(page.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "授权委托书" in html and "委托他人办理的" in html
    assert "黎安镇便民服务中心" in html


def test_duplicate_matter_code_is_refused_on_its_field(admin_client):
    taken = GuidePage.objects.live().first().code
    before = GuidePage.objects.count()
    response = admin_client.post(add_guide_url(), guide_form(code=taken))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert GuidePage.objects.count() == before


def test_conditional_material_without_condition_is_refused(admin_client):
    data = guide_form()
    data["materials-1-condition"] = ""
    response = admin_client.post(add_guide_url(), data)
    assert response.status_code == 200
    assert "Say in which situation" in form_errors(response) or "情形" in form_errors(response)
    assert not GuidePage.objects.filter(code="469034-JF-901").exists()


def test_fees_and_offers_are_checked_across_rows(admin_client):
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")
    data = guide_form(
        fee_items=inline_formset([{"name": "工本费", "amount": "10元", "basis": "某文件"}]),
        offers=inline_formset(
            [
                {"service_point": str(hall.pk), "modes": ["window"], "scope": "partners"},
                {"service_point": str(hall.pk), "modes": ["proxy"], "scope": "county"},
            ]
        ),
    )
    response = admin_client.post(add_guide_url(), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "is_free" in form.errors
    offer_errors = form.formsets["offers"].errors
    assert "partner_regions" in offer_errors[0]
    assert "service_point" in offer_errors[1]


def test_invalid_edit_keeps_the_published_guide(admin_client):
    page = GuidePage.objects.live().filter(case_type="promised").first()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form_page = admin_client.get(edit_url)
    assert form_page.status_code == 200

    data = querydict_from_html(form_page.content.decode(), form_id="page-edit-form")
    data["promised_days"] = str((page.statutory_days or 0) + 30)
    data["statutory_days"] = str(page.statutory_days or 1)
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 200
    assert "promised_days" in response.context["form"].errors
    # What the editor typed is still in the form, and the live guide is unchanged.
    assert response.context["form"]["promised_days"].value() == data["promised_days"]
    assert GuidePage.objects.get(pk=page.pk).promised_days == page.promised_days


def test_service_point_with_bad_coordinates_and_hours_is_refused(admin_client):
    point = ServicePoint.objects.get(name="黎安镇便民服务中心")
    edit_url = reverse("wagtailsnippets_guides_servicepoint:edit", args=[point.pk])
    page = admin_client.get(edit_url)
    assert page.status_code == 200

    data = querydict_from_html(page.content.decode(), form_id="w-editor-form")
    data["latitude"] = "95"
    first_period = "opening_periods-0"
    data[f"{first_period}-opens"] = "17:00"
    data[f"{first_period}-closes"] = "08:00"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "latitude" in form.errors
    assert "closes" in form.formsets["opening_periods"].errors[0]
    saved = ServicePoint.objects.get(pk=point.pk)
    assert saved.latitude == point.latitude
    assert saved.opening_periods.count() == point.opening_periods.count()
