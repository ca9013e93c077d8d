"""The bulk road of the catalogue import (catalogue/bulk.py): new guides of an importer who may
publish are written table by table, and must leave what Wagtail's page-by-page road leaves — a
sound tree, revisions, live state, history, references, both search indexes — all or nothing,
and the same file twice changes nothing."""

# The engine fixtures come from tests/search_engines.py (registered in tests/conftest.py).
from __future__ import annotations

import copy

import pytest
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from catalogue import importer as importer_module
from catalogue.bulk import add_new
from catalogue.export import export_rows
from catalogue.importer import Importer
from guides.models import GuideIndexPage, GuidePage, Material, Theme, TownshipSection
from search import engines
from search.engines.base import Query
from tests.editorial_builders import LIAN, staff
from tests.search_engines import use_engine
from tests.test_catalogue_import import as_file, new_row

pytestmark = pytest.mark.django_db


def catalogue_rows(count: int) -> list[dict]:
    """``count`` new guides, every third a local guide of 黎安镇."""
    return [
        new_row(f"469034108-QT-{n:04d}", township=LIAN) if n % 3 == 0 else new_row(f"469034-QT-{n}")
        for n in range(2000, 2000 + count)
    ]


def imported(rows: list[dict]) -> list[GuidePage]:
    return list(GuidePage.objects.filter(code__in=[row["code"] for row in rows]).order_by("path"))


def test_new_guides_make_a_sound_tree():
    catalogue = GuideIndexPage.objects.get()
    section = TownshipSection.objects.get(township__code=LIAN)
    children = (catalogue.numchild, section.numchild)
    rows = catalogue_rows(30)

    Importer(staff("county_admin")).apply(as_file(rows))

    assert Page.find_problems() == ([], [], [], [], [])
    catalogue.refresh_from_db()
    section.refresh_from_db()
    assert (catalogue.numchild, section.numchild) == (children[0] + 20, children[1] + 10)
    pages = imported(rows)
    assert len(pages) == 30 and len({page.translation_key for page in pages}) == 30
    for page in pages:
        parent = page.get_parent()
        assert parent.pk == (section.pk if page.code.startswith("469034108") else catalogue.pk)
        assert page.depth == parent.depth + 1 and page.numchild == 0
        assert page.url_path == f"{catalogue.url_path}{page.code.lower()}/"
        assert page.url.endswith(f"/guides/{page.code.lower()}/")
        assert page.draft_title == page.title and page.locale_id == parent.locale_id
        assert page.content_type.model_class() is GuidePage
        assert page.owner == staff("county_admin")


def test_new_guides_are_published_revisions_with_history():
    admin = staff("county_admin")
    rows = catalogue_rows(6)
    Importer(admin).apply(as_file(rows, "xlsx"))

    for page in imported(rows):
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at == page.last_published_at is not None
        revision = page.latest_revision
        assert revision == page.live_revision and revision.user == admin
        assert list(page.revisions.all()) == [revision]
        as_saved = revision.as_object()
        assert as_saved.title == page.title
        assert [m.name for m in as_saved.materials.all()] == [m.name for m in page.materials.all()]
        assert [o.service_point_id for o in as_saved.offers.all()] == [
            o.service_point_id for o in page.offers.all()
        ]
        history = PageLogEntry.objects.filter(page=page).order_by("id")
        assert [(e.action, e.user, e.revision) for e in history] == [
            ("wagtail.create", admin, None),
            ("wagtail.publish", admin, revision),
        ]
        # What Wagtail would index for the page is what was indexed.
        indexed = set(ReferenceIndex.get_references_for_object(page).values_list("pk", flat=True))
        ReferenceIndex.create_or_update_for_object(page)
        assert set(ReferenceIndex.get_references_for_object(page).values_list("pk", flat=True)) == (
            indexed
        )


def test_a_bulk_imported_guide_edits_compares_and_rolls_back_in_the_admin(admin_client):
    rows = catalogue_rows(2)
    Importer(staff("county_admin")).apply(as_file(rows))
    page = imported(rows)[0]
    first = page.latest_revision

    page.title = "改过的名称"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "改过的名称" and page.revisions.count() == 2
    for url in (
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{page.latest_revision_id}/",
        f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_a_township_editors_new_guides_are_drafts_sent_to_review():
    editor = staff("lian_editor")
    rows = [new_row(f"469034108-QT-{n}", township=LIAN) for n in (2101, 2102)]
    Importer(editor).apply(as_file(rows))

    for page in imported(rows):
        assert not page.live and page.has_unpublished_changes and page.workflow_in_progress
        assert page.live_revision is None and page.first_published_at is None
        revision = page.latest_revision
        assert revision.user == editor and revision.as_object().title == page.title
        assert page.current_workflow_state.current_task_state.revision == revision
        history = PageLogEntry.objects.filter(page=page).order_by("id")
        assert [(e.action, e.user) for e in history] == [
            ("wagtail.create", editor),
            ("wagtail.edit", editor),
            ("wagtail.workflow.start", editor),
        ]
    assert Page.find_problems() == ([], [], [], [], [])


def test_changed_guides_keep_their_rows_and_get_a_published_revision():
    admin = staff("county_admin")
    rows = catalogue_rows(8)
    Importer(admin).apply(as_file(rows))
    kept = {page.code: [m.pk for m in page.materials.all()] for page in imported(rows)}
    changed = copy.deepcopy(rows)
    changed[0]["title"] = "改名后的事项"
    changed[1]["materials"] = [*changed[1]["materials"], "户口簿"]
    changed[2]["materials"] = []
    changed[2]["no_materials"] = True
    changed[3]["offers"][0]["scope"] = "partners"
    for row in changed[4:]:
        row["summary"] = "新的摘要"

    assert Importer(admin).apply(as_file(changed, "csv")).counts()["changed"] == 8

    codes = {row["code"] for row in changed}
    assert [r for r in export_rows() if r["code"] in codes] == sorted(
        changed, key=lambda r: r["code"]
    )
    for page in imported(changed):
        assert page.live and not page.has_unpublished_changes
        assert page.revisions.count() == 2 and page.live_revision == page.latest_revision
        assert page.latest_revision.as_object().summary == page.summary
        assert page.last_published_at > page.first_published_at
        actions = PageLogEntry.objects.filter(page=page).order_by("id")
        renamed = ["wagtail.rename"] if page.title == "改名后的事项" else []
        assert [e.action for e in actions] == [
            "wagtail.create",
            "wagtail.publish",
            "wagtail.edit",
            *renamed,
            "wagtail.publish",
        ]
        materials = [m.pk for m in page.materials.all()]
        assert materials[: len(kept[page.code])] == kept[page.code] or not materials
        indexed = set(ReferenceIndex.get_references_for_object(page).values_list("pk", flat=True))
        ReferenceIndex.create_or_update_for_object(page)
        references = ReferenceIndex.get_references_for_object(page).values_list("pk", flat=True)
        assert set(references) == indexed
    assert not Material.objects.filter(guide__code=changed[2]["code"]).exists()
    assert Page.find_problems() == ([], [], [], [], [])
    assert Importer(admin).preview(as_file(changed)).counts()["unchanged"] == 8


def test_importing_the_same_file_twice_changes_nothing():
    admin = staff("county_admin")
    rows = catalogue_rows(12)
    Importer(admin).apply(as_file(rows, "csv"))
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())

    again = Importer(admin).apply(as_file(rows, "csv"))

    assert again.counts()["unchanged"] == 12
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts


def test_a_failure_after_the_bulk_write_leaves_nothing_written(monkeypatch):
    """New guides are written in bulk first; changed guides at the end of the file (one with a
    draft awaiting publication) take the page by page road, and when that fails the new guides
    go back with it."""
    admin = staff("county_admin")
    rows = catalogue_rows(300)
    plain, drafted = new_row("469034-QT-2998"), new_row("469034-QT-2999")
    Importer(admin).apply(as_file([plain, drafted]))
    draft = GuidePage.objects.get(code=drafted["code"])
    draft.summary = "草稿里改了"
    draft.save_revision(user=admin)
    rows += [{**plain, "summary": "改了"}, {**drafted, "summary": "最后一行改了"}]
    tables = (Page, Revision, PageLogEntry, ReferenceIndex, IndexEntry, Material)
    before = [model.objects.count() for model in tables]
    catalogue = GuideIndexPage.objects.get()

    def broken(page, user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer_module, "submit_change", broken)
    with pytest.raises(RuntimeError):
        Importer(admin).apply(as_file(rows, "xlsx"))

    assert [model.objects.count() for model in tables] == before
    assert GuidePage.objects.get(code=plain["code"]).summary == plain["summary"]
    assert GuideIndexPage.objects.get().numchild == catalogue.numchild
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_bulk_add_refuses_what_it_does_not_write():
    page = GuidePage(code="469034-QT-2301", title="带主题的新事项")
    page.themes = [Theme.objects.first()]
    with pytest.raises(ValueError, match="themes"):
        add_new([(GuideIndexPage.objects.get(), page)], staff("county_admin"), publish=True)
    assert not GuidePage.objects.filter(code="469034-QT-2301").exists()


@pytest.fixture
def with_elasticsearch(settings, request):
    use_engine(settings, "elasticsearch", request)


def test_the_public_and_admin_search_find_imported_guides(
    with_elasticsearch, django_capture_on_commit_callbacks
):
    rows = [new_row(f"469034-QT-{n}", title=f"菠萝蜜种植补贴申领{n}") for n in (2201, 2202)]
    with django_capture_on_commit_callbacks(execute=True):
        Importer(staff("county_admin")).apply(as_file(rows))
    pages = imported(rows)
    try:
        for engine in engines.all_engines():
            codes = [hit.code for hit in engine.search(Query("菠萝蜜种植补贴")).hits]
            assert {page.code for page in pages} <= set(codes), engine.name
        for page in pages:
            assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()
    finally:
        engines.primary().remove([page.pk for page in pages])
