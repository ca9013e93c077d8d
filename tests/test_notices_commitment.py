"""The personalised form with township plugins: statuses marked, the commitment letter (告知承诺书)
printed for materials a signed commitment replaces, and the plugins' answer problems as a 400."""

import json

import pytest

from guides.models import GuidePage, Region, ServicePoint
from notices.models import IssuedNotice
from selfcheck.precheck import run_precheck
from tests.notices_pdf import pdf_pages, squeeze

pytestmark = pytest.mark.django_db

GUANGPO = "469034101000"
SHOP = "469034-XK-004"  # 个体工商户设立登记

MANIFEST = """
plugin_api: ["1"]
id: test-notice
name: 告知单测试规则
version: "1.0"
fields:
  - name: household
    label: 户籍
    type: choice
    choices: [{value: local, label: 本县}, {value: other, label: 外县}]
rules:
  - id: premises_by_commitment
    kind: commitment
    material: 经营场所使用证明
    message: 签署经营场所信息申报承诺书即可，不用交证明。
  - id: form_later
    kind: deferral
    material: 申请书
    days: 5
    message: 申请书可在$days个工作日内补交。
  - id: no_family_proof
    kind: waiver
    when: answers.household == "local"
    material: 家庭成员关系证明
    message: 本县户籍由窗口调取，不用提交。
  - id: health_certificate
    kind: extra_material
    material: 从业人员健康证明
    message: 本镇要求食品摊点提交健康证明。
"""


@pytest.fixture
def shop(enable_plugin):
    enable_plugin(MANIFEST, [GUANGPO])
    return GuidePage.objects.get(code=SHOP)


@pytest.fixture
def hall() -> ServicePoint:
    return ServicePoint.objects.get(name="光坡镇便民服务中心")


def post(client, guide, payload):
    return client.post(
        f"/guides/{guide.slug}/notice.pdf", json.dumps(payload), content_type="application/json"
    )


def test_statuses_are_marked_and_the_commitment_letter_follows(client, shop, hall):
    answers = {"test-notice": {"household": "local"}}
    response = post(client, shop, {"point": hall.pk, "township": GUANGPO, "answers": answers})

    assert response.status_code == 200, response.content[:1000]
    expected = run_precheck(
        shop, township=Region.objects.get(code=GUANGPO), point=hall, answers=answers
    ).materials
    record = IssuedNotice.objects.get()
    assert [(m["name"], m["status"], m["note"]) for m in record.content["materials"]] == [
        (line.name, line.status, line.note) for line in expected
    ]
    pages = [squeeze(page) for page in pdf_pages(response.content)]
    form, letter = "".join(pages[:-1]), pages[-1]
    for status, label in [
        ("waived", "免提交"),
        ("deferrable", "容缺后补"),
        ("commitment", "告知承诺替代"),
        ("required", "需提交"),
    ]:
        line = next(line for line in expected if line.status == status)
        assert squeeze(line.name) in form and label in form, status
    assert "申请书可在5个工作日内补交。" in form
    assert letter.startswith("光坡镇便民服务中心告知承诺书")
    assert record.serial in letter
    assert "经营场所使用证明" in letter and "签署经营场所信息申报承诺书即可" in letter
    assert "虚假承诺记入本人信用记录" in letter and "申请人（签字）" in letter


def test_the_blank_form_has_no_commitment_letter(client, shop, hall):
    response = client.get(f"/guides/{shop.slug}/notice.pdf", {"point": hall.pk})
    assert response.status_code == 200
    assert "告知承诺书" not in "".join(pdf_pages(response.content))


def test_answers_the_plugins_refuse_are_a_400_naming_the_field(client, shop, hall):
    answers = {"test-notice": {"household": "mars"}}
    response = post(client, shop, {"point": hall.pk, "township": GUANGPO, "answers": answers})

    assert response.status_code == 400
    assert "test-notice.household" in response.json()["errors"]["answers"]
    assert not IssuedNotice.objects.exists()
