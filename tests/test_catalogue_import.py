"""Catalogue import and export: round trips, idempotence, each error kind, all or nothing,
township imports through review, and the management command."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator

from catalogue.export import export_rows
from catalogue.files import read_rows, write_rows
from catalogue.importer import Importer, ImportRefused
from guides.models import GuidePage, Region
from tests.editorial_builders import LIAN, YINGZHOU, local_guide, staff

pytestmark = pytest.mark.django_db
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "catalogue"


def as_file(rows: list[dict], fmt: str = "json") -> list:
    """Rows written to a file of the format and read back, as an upload would be. JSON is
    written as is, so a bad value stays what a person typed."""
    if fmt == "json":
        return read_rows(json.dumps({"guides": rows}, ensure_ascii=False).encode(), fmt)
    return read_rows(write_rows(rows, fmt), fmt)


def new_row(code: str, township: str = "", **changes) -> dict:
    """A new local or county-wide guide, modelled on a demo guide with one offer."""
    row = copy.deepcopy(next(r for r in export_rows() if r["code"] == "469034-GG-001"))
    hall = {LIAN: "黎安镇便民服务中心", YINGZHOU: "英州镇便民服务中心"}.get(township)
    row.update(code=code, title=f"导入事项{code}", township=township)
    row["offers"] = [
        {
            "service_point": hall or "陵水黎族自治县政务服务中心",
            "modes": ["window"],
            "scope": "township" if hall else "county",
            "window": "综合受理窗口" if hall else "社会事务窗口",
        }
    ]
    row.update(changes)
    return row


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_changes_nothing_and_exports_the_same(fmt):
    local_guide(LIAN, "469034108-QT-701")
    exported = write_rows(export_rows(), fmt)
    preview = Importer(staff("county_admin")).preview(read_rows(exported, fmt))
    assert preview.ok, preview.problems
    counts = preview.counts()
    assert counts["unchanged"] == GuidePage.objects.count()
    assert sum(counts.values()) == counts["unchanged"]
    assert [row for _, row in read_rows(exported, fmt)] == export_rows()
    if fmt != "xlsx":  # an XLSX file carries its creation time
        assert write_rows(export_rows(), fmt) == exported


def test_one_townships_export_holds_its_local_guides_only():
    local_guide(LIAN, "469034108-QT-702")
    local_guide(YINGZHOU, "469034103-QT-702")
    rows = export_rows(Region.objects.get(code=LIAN))
    assert [row["code"] for row in rows] == ["469034108-QT-702"]
    assert rows[0]["township"] == LIAN


def test_apply_creates_and_changes_then_the_same_file_changes_nothing():
    rows = export_rows()
    rows[0]["title"] = "生育登记（含二孩、三孩）"
    rows.append(new_row("469034-QT-601"))
    rows.append(new_row("469034108-QT-601", township=LIAN))
    admin = staff("county_admin")

    preview = Importer(admin).apply(as_file(rows, "csv"))
    assert preview.counts()["created"] == 2 and preview.counts()["changed"] == 1
    assert GuidePage.objects.get(code=rows[0]["code"]).title == "生育登记（含二孩、三孩）"
    created = GuidePage.objects.get(code="469034108-QT-601")
    assert created.live and created.url.endswith("/guides/469034108-qt-601/")
    assert created.township.code == LIAN
    assert [o.service_point.name for o in created.offers.all()] == ["黎安镇便民服务中心"]

    revisions = sum(page.revisions.count() for page in GuidePage.objects.all())
    again = Importer(admin).apply(as_file(rows, "csv"))
    assert again.counts()["unchanged"] == len(rows)
    assert sum(page.revisions.count() for page in GuidePage.objects.all()) == revisions


def problems_of(rows: list[dict], user: str = "county_admin") -> list[tuple[int, str, str]]:
    preview = Importer(staff(user)).preview(as_file(rows, "json"))
    return [(p.row, p.column, p.message) for p in preview.problems]


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"township": "469034999000"}, "township", "469034999000"),
        ({"code": ""}, "code", ""),
        ({"promised_days": "三天"}, "promised_days", "三天"),
        ({"statutory_days": "-5"}, "statutory_days", "-5"),
        (
            {
                "offers": [
                    {
                        "service_point": "不存在的大厅",
                        "modes": ["window"],
                        "scope": "county",
                        "window": "",
                    }
                ]
            },
            "offers",
            "不存在的大厅",
        ),
        (
            {"case_type": "promised", "promised_days": "30", "statutory_days": "20"},
            "promised_days",
            "20",
        ),
        ({"materials": ["居民身份证"], "no_materials": True}, "materials", ""),
        ({"last_verified": "2026-13-01"}, "last_verified", "2026-13-01"),
    ],
)
def test_each_bad_cell_is_named_and_explained(change, column, words):
    rows = [new_row("469034-QT-602"), {**new_row("469034-QT-603"), **change}]
    found = problems_of(rows)
    assert len(found) == 1, found
    row, col, message = found[0]
    assert (row, col) == (2, column)
    assert words in message and message


def test_a_duplicate_code_names_the_first_row():
    rows = [new_row("469034-QT-604"), new_row("469034-QT-605"), new_row("469034-QT-604")]
    assert problems_of(rows) == [(3, "code", problems_of(rows)[0][2])]
    assert "1" in problems_of(rows)[0][2]


def test_csv_cells_that_cannot_be_read_are_named():
    content = write_rows([new_row("469034-QT-606")], "csv").decode("utf-8-sig")
    content = content.replace("社会事务窗口", "社会事务窗口 | 多余")
    preview = Importer(staff("county_admin")).preview(read_rows(content.encode(), "csv"))
    assert [(p.row, p.column) for p in preview.problems] == [(2, "offers")]


def test_a_bad_row_at_the_end_of_a_large_file_imports_nothing():
    rows = [new_row(f"469034-QT-{n:04d}") for n in range(1000, 1400)]
    rows.append(new_row("469034-QT-9999", township="469034999000"))
    before = GuidePage.objects.count()
    with pytest.raises(ImportRefused) as refused:
        Importer(staff("county_admin")).apply(as_file(rows, "xlsx"))
    assert [(p.row, p.column) for p in refused.value.preview.problems] == [(402, "township")]
    assert GuidePage.objects.count() == before


def test_a_township_editor_imports_only_their_township_and_through_review():
    editor = staff("lian_editor")
    rows = [
        new_row("469034108-QT-603", township=LIAN),
        new_row("469034103-QT-603", township=YINGZHOU),
        new_row("469034-QT-607"),
    ]
    found = problems_of(rows, "lian_editor")
    assert [(row, column) for row, column, _ in found] == [(2, "township"), (3, "township")]

    preview = Importer(editor).apply(as_file(rows[:1]))
    assert preview.counts()["created"] == 1
    page = GuidePage.objects.get(code="469034108-QT-603")
    assert not page.live and page.workflow_in_progress
    # Importing the same file again while it awaits review changes nothing.
    assert Importer(editor).preview(as_file(rows[:1])).counts()["unchanged"] == 1


def test_the_command_dry_runs_applies_and_reports(tmp_path, capsys):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"guides": [new_row("469034-QT-608")]}, ensure_ascii=False))
    call_command("catalogue", "import", str(path), "--user", "county_admin")
    assert "1 created" in capsys.readouterr().out
    assert not GuidePage.objects.filter(code="469034-QT-608").exists()

    call_command("catalogue", "import", str(path), "--user", "county_admin", "--apply")
    assert GuidePage.objects.get(code="469034-QT-608").live

    path.write_text(json.dumps({"guides": [new_row("")]}))
    with pytest.raises(CommandError):
        call_command("catalogue", "import", str(path), "--user", "county_admin")
    assert "row 1, code" in capsys.readouterr().out

    out = tmp_path / "export.csv"
    call_command("catalogue", "export", str(out), "--township", LIAN)
    assert out.read_bytes().startswith("\ufeffcode,base_code,title".encode())


def test_the_export_and_the_example_file_follow_the_published_schema():
    schema = json.loads((SCHEMA_DIR / "schema.json").read_text())
    validator = Draft202012Validator(schema)
    local_guide(LIAN, "469034108-QT-703")
    exported = json.loads(write_rows(export_rows(), "json"))
    assert list(validator.iter_errors(exported)) == []
    example = (SCHEMA_DIR / "examples" / "catalogue.json").read_bytes()
    assert list(validator.iter_errors(json.loads(example))) == []
    preview = Importer(staff("county_admin")).preview(read_rows(example, "json"))
    assert preview.ok, preview.problems
    csv_example = (SCHEMA_DIR / "examples" / "catalogue.csv").read_bytes()
    assert [row for _, row in read_rows(csv_example, "csv")] == [
        row for _, row in read_rows(example, "json")
    ]
