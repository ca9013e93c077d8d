"""A provincial catalogue in the admin: unknown headers mapped once (and saved for the next
file), incomplete matters imported as drafts that their township's editors find on the
dashboard with what is missing, open and save in the page editor, and complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from catalogue.files import read_file
from catalogue.importer import Importer
from catalogue.models import ColumnMapping
from editorial.freshness import freshness_report
from guides.models import GuidePage, Material
from tests.editorial_builders import staff

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parent / "catalogue_files"


def login(username: str) -> Client:
    client = Client()
    client.force_login(staff(username))
    return client


def upload(client: Client, name: str):
    content = (FILES / name).read_bytes()
    return client.post(reverse("catalogue_import"), {"file": SimpleUploadedFile(name, content)})


def test_an_administrator_maps_unknown_headers_once_for_every_later_file(capsys):
    admin = login("county_admin")
    response = upload(admin, "unknown_headers.csv")
    assert response.status_code == 200 and "preview" not in response.context
    form = response.context["mapping_form"]
    assert [(f.label, f.initial) for f in form] == [
        ("办事事项名称", "title"),
        ("统一编码", "code"),
        ("经办人", ""),
    ]
    html = response.content.decode()
    assert "--map 办事事项名称=title" in html

    mapped = admin.post(
        reverse("catalogue_import"),
        {"map": "1", "column_0": "title", "column_1": "code", "column_2": ""},
    )
    assert mapped.status_code == 200
    assert mapped.context["preview"].counts()["incomplete"] == 2
    assert dict(ColumnMapping.objects.values_list("header", "target")) == {
        "办事事项名称": "title",
        "统一编码": "code",
    }
    # Still unknown, and asked again: 经办人 (left out this time).
    assert [f.label for f in mapped.context["mapping_form"]] == ["经办人"]

    again = upload(admin, "unknown_headers.csv")
    assert again.context["preview"].counts()["incomplete"] == 2
    assert admin.post(reverse("catalogue_import"), {"apply": "1"}).status_code == 302
    draft = GuidePage.objects.get(code="469034-QR-803")
    assert not draft.live and draft.title == "残疾人证新办"

    # The command reads the saved mapping too.
    call_command(
        "catalogue", "import", str(FILES / "unknown_headers.csv"), "--user", "county_admin"
    )
    assert "2 unchanged" in capsys.readouterr().out


def test_a_township_editor_may_not_save_a_mapping():
    editor = login("lian_editor")
    upload(editor, "unknown_headers.csv")
    response = editor.post(reverse("catalogue_import"), {"map": "1", "column_0": "title"})
    # Wagtail's admin answers a refusal with a redirect to the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not ColumnMapping.objects.exists()


def import_composite() -> None:
    content = (FILES / "composite_codes.csv").read_bytes()
    reading = read_file(content, "csv")
    Importer(staff("county_admin")).apply(reading.rows, notes=reading.notes)


def test_incomplete_drafts_are_listed_per_township_with_what_is_missing():
    import_composite()
    groups = {group.name: group for group in freshness_report()}
    relief = groups["英州镇"].incomplete
    assert [item.guide.title for item in relief] == ["城乡居民最低生活保障对象认定"]
    assert len(relief[0].missing) == 6
    everywhere = [item.guide.code for group in groups.values() for item in group.incomplete]
    assert "1J-5100-000123-469034" in everywhere and len(everywhere) == 3
    # An incomplete draft is not also listed as unverified.
    assert all(guide.title != "城乡居民最低生活保障对象认定" for guide in groups["英州镇"].stale)

    html = login("yingzhou_editor").get(reverse("wagtailadmin_home")).content.decode()
    assert "城乡居民最低生活保障对象认定" in html and "guide-freshness__incomplete" in html
    html = login("lian_editor").get(reverse("wagtailadmin_home")).content.decode()
    assert "城乡居民最低生活保障对象认定" not in html


def test_an_editor_opens_saves_and_completes_an_imported_draft():
    import_composite()
    page = GuidePage.objects.get(code__startswith="000201005000")
    editor = login("yingzhou_editor")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = editor.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["summary"] = "城乡低保对象认定，向户籍所在地乡镇申请。"
    # Saving the draft as imported works: Wagtail leaves required fields to publishing.
    data["is_free"] = "on"  # a ticked box without a value attribute: what a browser sends
    assert editor.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().summary.startswith("城乡低保")
    assert "result" in page.missing

    draft = page.get_latest_revision_as_object()
    draft.conditions = "<p>家庭人均收入低于本县城乡低保标准。</p>"
    draft.case_type = "promised"
    draft.promised_days = 20
    draft.result = "城乡居民最低生活保障金领取证"
    draft.consultation_phone = "0898-83350000"
    draft.materials = [Material(name="城乡居民最低生活保障申请书", form="original")]
    draft.save_revision(user=staff("yingzhou_editor"))
    page.refresh_from_db()
    assert page.missing == []
    groups = {group.name: group for group in freshness_report()}
    assert "英州镇" not in groups or not groups["英州镇"].incomplete
