"""The catalogue import and export in the admin: dry run, problems table, apply, export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from catalogue.files import read_rows, write_rows
from guides.models import GuidePage
from tests.editorial_builders import LIAN, YINGZHOU, staff
from tests.test_catalogue_import import new_row

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    client.force_login(staff(username))
    return client


def upload(client: Client, rows: list[dict], name: str = "catalogue.csv"):
    content = write_rows(rows, name.rsplit(".", 1)[-1])
    return client.post(reverse("catalogue_import"), {"file": SimpleUploadedFile(name, content)})


def test_dry_run_then_apply():
    admin = login("county_admin")
    response = upload(admin, [new_row("469034-QT-401"), new_row("469034-QT-402")])
    assert response.status_code == 200
    assert response.context["preview"].counts()["created"] == 2
    assert not GuidePage.objects.filter(code="469034-QT-401").exists()

    applied = admin.post(reverse("catalogue_import"), {"apply": "1"})
    assert applied.status_code == 302
    assert GuidePage.objects.get(code="469034-QT-401").live


def test_problems_are_shown_by_row_and_column_and_nothing_is_imported():
    admin = login("county_admin")
    rows = [new_row("469034-QT-403"), new_row("469034-QT-404", promised_days="两天")]
    response = upload(admin, rows, "catalogue.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert "两天" in html and "promised_days" in html
    admin.post(reverse("catalogue_import"), {"apply": "1"})
    assert not GuidePage.objects.filter(code="469034-QT-403").exists()


def test_a_file_that_is_not_a_catalogue_is_refused_on_the_field():
    admin = login("county_admin")
    bad = SimpleUploadedFile("notes.txt", b"hello")
    response = admin.post(reverse("catalogue_import"), {"file": bad})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    broken = SimpleUploadedFile("catalogue.xlsx", b"not a spreadsheet")
    response = admin.post(reverse("catalogue_import"), {"file": broken})
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_township_editor_imports_own_township_into_review_and_nothing_else():
    editor = login("lian_editor")
    response = upload(editor, [new_row("469034103-QT-401", township=YINGZHOU)])
    assert [p.column for p in response.context["preview"].problems] == ["township"]
    upload(editor, [new_row("469034108-QT-401", township=LIAN)])
    assert editor.post(reverse("catalogue_import"), {"apply": "1"}).status_code == 302
    page = GuidePage.objects.get(code="469034108-QT-401")
    assert not page.live and page.workflow_in_progress


def test_window_staff_and_reviewers_cannot_import():
    for username in ("lian_window", "reviewer"):
        client = login(username)
        refused = client.get(reverse("catalogue_import"))
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
        upload(client, [new_row("469034-QT-405")])
        client.post(reverse("catalogue_import"), {"apply": "1"})
        assert not GuidePage.objects.filter(code="469034-QT-405").exists()


def test_export_downloads_the_catalogue():
    # Drafts included, so the whole county is for the county roles (docs/security.md).
    response = login("reviewer").get(
        reverse("catalogue_export"), {"format": "json", "township": ""}
    )
    assert response.status_code == 200
    rows = read_rows(response.content, "json")
    assert len(rows) == GuidePage.objects.count()
