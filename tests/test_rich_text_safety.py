"""Stored script: rich text is cleaned on every road in and wherever it is shown.

The probe's case: a township editor imported ``conditions`` with ``<script>`` and ``onerror=``;
it ran in the county reviewer's preview, on the public page and in window staff's reading view.
"""

from __future__ import annotations

import json

import pytest
from wagtail.models import Revision

from catalogue.importer import Importer
from guides.models import GuidePage
from guides.rich_text import clean_stored
from tests.editorial_builders import LIAN, local_guide, staff
from tests.test_admin import add_guide_url, guide_form
from tests.test_catalogue_import import as_file, new_row

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>本镇居民<script>alert("x")</script></p>'
    '<img src="x" onerror="alert(1)">'
    '<p onclick="alert(2)"><a href="javascript:alert(3)">链接</a>'
    '<a href="https://www.gov.cn/" target="_blank" style="color:red">政府网</a></p>'
    "<style>body{display:none}</style><iframe src=https://evil.example/></iframe>"
)
SCRIPT_MARKS = ("<script", "onerror", "onclick", "javascript:", "<img", "<style", "<iframe")


def assert_inert(html: str) -> None:
    for mark in SCRIPT_MARKS:
        assert mark not in html, f"{mark} survived in {html!r}"


def test_the_allow_list_keeps_what_editors_write():
    kept = (
        '<p data-block-key="a1b2c">须为<b>本镇</b>户籍居民</p>'
        '<ul><li data-block-key="x">身份证</li></ul>'
        '<p><a href="https://www.gov.cn/">政府网</a> <a linktype="page" id="3">指南</a></p>'
    )
    assert clean_stored(kept) == kept
    cleaned = clean_stored(HOSTILE)
    assert_inert(cleaned)
    assert "本镇居民" in cleaned and '<a href="https://www.gov.cn/">政府网</a>' in cleaned


def test_an_imported_script_is_cleaned_before_it_is_stored():
    editor = staff("lian_editor")
    row = new_row("469034108-QT-801", LIAN, conditions=HOSTILE)
    preview = Importer(editor).apply(as_file([row], "json"))
    assert preview.ok, preview.problems

    page = GuidePage.objects.get(code="469034108-QT-801")
    assert_inert(page.conditions)
    assert "本镇居民" in page.conditions
    revision = Revision.objects.filter(object_id=str(page.pk)).latest("pk")
    assert_inert(json.dumps(revision.content, ensure_ascii=False))


def test_a_saved_script_is_cleaned_on_the_page_and_its_revision():
    page = local_guide(LIAN, "469034108-QT-802", conditions=HOSTILE, publish=False)
    assert_inert(page.conditions)
    page.legal_basis = HOSTILE
    revision = page.save_revision()
    assert_inert(json.dumps(revision.content, ensure_ascii=False, default=str))


@pytest.fixture
def tainted() -> GuidePage:
    """A live guide whose stored text holds script, as text stored before the cleaning would."""
    page = local_guide(LIAN, "469034108-QT-803")
    GuidePage.objects.filter(pk=page.pk).update(conditions=HOSTILE, legal_basis=HOSTILE)
    Revision.objects.filter(pk=page.latest_revision_id).update(
        content={**page.latest_revision.content, "conditions": HOSTILE, "legal_basis": HOSTILE}
    )
    return GuidePage.objects.get(pk=page.pk)


def test_stored_script_is_not_shown_on_the_public_page(client, tainted):
    response = client.get(tainted.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "本镇居民" in html
    assert_inert(html.split('data-testid="conditions"')[1].split("</div>")[0])
    assert 'alert("x")' not in html and "alert(1)" not in html


def test_stored_script_is_not_shown_to_window_staff(client, tainted):
    client.force_login(staff("lian_window"))
    response = client.get(f"/admin/guide_reading/inspect/{tainted.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "本镇居民" in html
    assert 'alert("x")' not in html and "alert(1)" not in html and "javascript:" not in html


def test_stored_script_is_not_shown_in_the_reviewers_revision_preview(client, tainted):
    client.force_login(staff("reviewer"))
    response = client.get(f"/admin/pages/{tainted.pk}/revisions/{tainted.latest_revision_id}/view/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "本镇居民" in html
    assert 'alert("x")' not in html and "alert(1)" not in html


def test_raw_html_posted_into_the_editor_is_a_message_not_a_500(admin_client):
    """The editor posts its own JSON; raw HTML there was a JSONDecodeError (a 500)."""
    response = admin_client.post(
        add_guide_url(), guide_form(conditions="<p>raw</p><script>alert(1)</script>")
    )
    assert response.status_code == 200  # the form again, with the error on the field
    errors = response.context["form"].errors
    assert "无法读取" in str(errors["conditions"])
    assert not GuidePage.objects.filter(code="469034-JF-901").exists()
