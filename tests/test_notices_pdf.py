"""The one-time notification form (一次性告知单) as a citizen downloads it."""

import json

import pytest

from guides.models import GuidePage, Material, Offer, Region
from notices.answers import sign_payload
from notices.models import IssuedNotice
from notices.templatetags.notice_tags import signed_notice_url
from selfcheck.precheck import run_precheck
from tests import builders
from tests.notices_pdf import pdf_fonts, pdf_pages, pdf_text, squeeze

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "469034-XK-001"  # 食品经营许可证核发, at the county centre and every township hall
LIAN = "469034108000"  # 黎安镇


@pytest.fixture
def food():
    return GuidePage.objects.get(code=FOOD_LICENCE)


@pytest.fixture
def lian_hall(food):
    return food.offers.get(service_point__name="黎安镇便民服务中心").service_point


def notice_url(guide) -> str:
    return f"/guides/{guide.slug}/notice.pdf"


def test_the_blank_form_has_the_matter_every_material_and_the_serial_in_chinese(
    client, food, lian_hall
):
    response = client.get(notice_url(food), {"point": lian_hall.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    record = IssuedNotice.objects.get()
    text = squeeze(pdf_text(response.content))
    assert "一次性告知单" in text
    assert food.title in text and food.code in text
    assert lian_hall.name in text
    for material in food.materials.all():
        assert squeeze(material.name) in text, material.name
    # The form and its tear-off stub carry the same serial, matter and date.
    assert text.count(record.serial) >= 3  # form, stub, and the page footer
    stub = text[text.index("存根") :]
    assert record.serial in stub and food.title in stub
    assert f"{record.issued_at:%Y}年" in stub
    assert not record.personalised and record.issued_by is None
    assert record.guide_revision_id == food.latest_revision_id
    assert record.service_point == lian_hall


def test_every_font_is_embedded(client, food, lian_hall):
    response = client.get(notice_url(food), {"point": lian_hall.pk})
    fonts = pdf_fonts(response.content)
    assert fonts and any("CJK" in font["name"] for font in fonts)
    assert all(font["emb"] == "yes" for font in fonts), fonts


def test_a_character_outside_the_forms_font_prints_from_the_full_font(client, food, lian_hall):
    """The forms' own font holds GB2312; 喆 is not in it, so the system's Noto Sans CJK SC
    (the same design) prints it, embedded too."""
    Material.objects.create(guide=food, name="喆字号证明", form="original", sort_order=99)

    response = client.get(notice_url(food), {"point": lian_hall.pk})

    assert "喆字号证明" in squeeze(pdf_text(response.content))
    fonts = pdf_fonts(response.content)
    names = {font["name"].split("+", 1)[-1] for font in fonts}
    assert {"Noto-Sans-CJK-SC-GB2312", "Noto-Sans-CJK-SC"} <= names, names
    assert all(font["emb"] == "yes" for font in fonts), fonts


def test_without_a_point_every_place_that_handles_the_matter_is_listed(client, food):
    response = client.get(notice_url(food))

    assert response.status_code == 200
    html = response.content.decode()
    for offer in food.offers.select_related("service_point"):
        assert offer.service_point.name in html
        assert f"?point={offer.service_point.pk}" in html
    assert not IssuedNotice.objects.exists()


def test_the_personalised_form_lists_exactly_what_the_self_check_listed(client, food, lian_hall):
    township = Region.objects.get(code=LIAN)
    payload = {
        "point": lian_hall.pk,
        "township": LIAN,
        "answers": {},
        "name": "王小丽",
        "phone": "13812345678",
    }
    response = client.post(notice_url(food), json.dumps(payload), content_type="application/json")

    assert response.status_code == 200, response.content[:500]
    expected = run_precheck(food, township=township, point=lian_hall, answers={}).materials
    record = IssuedNotice.objects.get()
    assert [(m["name"], m["status"]) for m in record.content["materials"]] == [
        (line.name, line.status) for line in expected
    ]
    text = squeeze(pdf_text(response.content))
    positions = [text.index(squeeze(line.name)) for line in expected]
    assert positions == sorted(positions), "in the self check's order"
    assert "王小丽" in text and "13812345678" in text
    assert record.personalised and len(record.answers_hash) == 64
    assert record.applicant_name == "王小丽"


def test_a_signed_link_gives_the_same_personalised_form(client, food, lian_hall):
    token = sign_payload({"point": lian_hall.pk, "township": LIAN, "answers": {}})
    response = client.get(notice_url(food), {"s": token})

    assert response.status_code == 200
    record = IssuedNotice.objects.get()
    assert record.personalised
    client.post(
        notice_url(food),
        json.dumps({"point": lian_hall.pk, "township": LIAN, "answers": {}}),
        content_type="application/json",
    )
    assert IssuedNotice.objects.first().answers_hash == record.answers_hash


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"point": 999999}, "point"),
        ({"point": "abc"}, "point"),
        ({"point": "LIAN", "township": "123"}, "township"),
        ({"point": "LIAN", "answers": ["not", "an", "object"]}, "answers"),
        ({"point": "LIAN", "phone": "call me"}, "phone"),
        ({"point": "LIAN", "colour": "red"}, "unknown"),
        ({"township": LIAN}, "point"),
    ],
)
def test_a_wrong_payload_is_a_400_naming_the_field(client, food, lian_hall, payload, field):
    payload = {k: lian_hall.pk if v == "LIAN" else v for k, v in payload.items()}
    response = client.post(notice_url(food), json.dumps(payload), content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not IssuedNotice.objects.exists()


def test_broken_json_and_forged_links_are_400s(client, food, lian_hall):
    response = client.post(notice_url(food), "{not json", content_type="application/json")
    assert response.status_code == 400 and "body" in response.json()["errors"]

    forged = sign_payload({"point": lian_hall.pk}) + "x"
    response = client.get(notice_url(food), {"s": forged})
    assert response.status_code == 400 and "s" in response.json()["errors"]


def test_a_hall_that_cannot_serve_the_township_is_a_400(client):
    guide = GuidePage.objects.get(code="469034-JF-001")  # village stations: own township only
    station = guide.offers.filter(service_point__kind="village_station").first().service_point
    other = Region.objects.filter(level="township").exclude(pk=station.township.pk).first()
    response = client.post(
        notice_url(guide),
        json.dumps({"point": station.pk, "township": other.code}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert station.name in response.json()["errors"]["point"]


def test_forty_materials_paginate_cleanly(client):
    guide = builders.guide("469034-QT-940", title="四十项材料测试事项")
    for number in range(1, 41):
        Material.objects.create(
            guide=guide, name=f"测试材料第{number:02d}项", form="original", sort_order=number
        )
    point = GuidePage.objects.get(code=FOOD_LICENCE).offers.first().service_point
    Offer.objects.create(guide=guide, service_point=point, modes=["window"])

    response = client.get(notice_url(guide), {"point": point.pk})

    pages = pdf_pages(response.content)
    assert len(pages) > 1
    text = squeeze("".join(pages))
    positions = [text.index(f"测试材料第{n:02d}项") for n in range(1, 41)]
    assert positions == sorted(positions), "every material once, in order, across the break"
    # The table header repeats on the next page, so no row stands unlabelled.
    assert sum("材料名称" in squeeze(page) for page in pages) >= 2


def test_guide_content_is_escaped(client, food, lian_hall):
    food.title = "食品经营许可证核发</td></table><h1>假冒</h1>"
    food.save_revision().publish()
    response = client.get(notice_url(food), {"point": lian_hall.pk})
    assert "</table><h1>假冒</h1>" in squeeze(pdf_text(response.content))


def test_the_guide_print_is_a_clean_a4_of_the_guide(client, food):
    response = client.get(f"/guides/{food.slug}/print.pdf")

    assert response.status_code == 200
    text = squeeze(pdf_text(response.content))
    assert food.title in text
    for material in food.materials.all():
        assert squeeze(material.name) in text
    assert not IssuedNotice.objects.exists()


def test_the_guide_page_links_both_prints(client, food):
    html = client.get(food.url).content.decode()
    assert f"/guides/{food.slug}/notice.pdf" in html
    assert f"/guides/{food.slug}/print.pdf" in html


def test_the_self_checks_signed_link_leads_to_the_personalised_form(client, food, lian_hall):
    url = signed_notice_url(food, LIAN, lian_hall.pk, {})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert IssuedNotice.objects.get().personalised

    # Without a hall, the same link lists the places first and keeps the answers.
    choose = client.get(signed_notice_url(food, LIAN, None, {}))
    assert choose.status_code == 200
    assert "&amp;s=" in choose.content.decode()


def test_a_plain_html_form_post_works_too(client, food, lian_hall):
    response = client.post(
        notice_url(food),
        {"point": lian_hall.pk, "township": LIAN, "answers": "{}", "name": "王小丽"},
    )
    assert response.status_code == 200, response.content[:500]
    assert IssuedNotice.objects.get().applicant_name == "王小丽"

    broken = client.post(notice_url(food), {"point": lian_hall.pk, "answers": "{oops"})
    assert broken.status_code == 400 and "answers" in broken.json()["errors"]


def test_a_guide_that_is_not_live_has_no_form(client, food, lian_hall):
    food.unpublish()
    assert client.get(notice_url(food), {"point": lian_hall.pk}).status_code == 404
