"""Catalogues as provincial platforms export them (the national exchange columns), one fixture
file per source style in tests/catalogue_files/: composite 实施编码, 31-character task codes
beside a 12-digit catalogue code (JSON), HTML pasted from Word, full-width values and
placeholders, versions of one code with a test row, unknown headers. Each through the real
importer: dry run, apply, a second run, all or nothing; and the national export imported back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from catalogue.export import export_rows
from catalogue.files import FileError, read_file, write_rows
from catalogue.importer import Importer, ImportRefused
from guides.models import GuidePage, TownshipSection
from tests.editorial_builders import LIAN, YINGZHOU, local_guide, staff

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parent / "catalogue_files"


@pytest.fixture(autouse=True)
def english():
    """The notes are compared as written in the code (the interface shows their translation)."""
    with translation.override("en"):
        yield


def reading(name: str, mapping: dict | None = None):
    return read_file((FILES / name).read_bytes(), name.rsplit(".", 1)[1], mapping)


def dry_run(name: str, user: str = "county_admin", mapping: dict | None = None):
    read = reading(name, mapping)
    return Importer(staff(user)).preview(read.rows, notes=read.notes)


def apply(name: str, user: str = "county_admin"):
    read = reading(name)
    return Importer(staff(user)).apply(read.rows, notes=read.notes)


def outcome(preview, row: int):
    return next(o for o in preview.outcomes if o.row == row)


def counts(preview) -> dict[str, int]:
    return {status: n for status, n in preview.counts().items() if n}


def test_composite_codes_dry_run_then_apply_complete_live_incomplete_drafts_by_township():
    preview = dry_run("composite_codes.csv")
    assert preview.ok, preview.problems
    assert counts(preview) == {"created": 2, "incomplete": 3}
    pension = outcome(preview, 2)
    assert "基本编码 511A0147300000 taken from the 实施编码." in pension.notes
    assert set(outcome(preview, 3).missing) == {
        "conditions",
        "case_type",
        "result",
        "consultation_phone",
        "no_materials",
        "promised_days",
        "online_url",
    }
    assert "Township 英州镇 read from the implementing body." in outcome(preview, 5).notes
    assert not GuidePage.objects.filter(code=pension.code).exists()  # a dry run writes nothing

    apply("composite_codes.csv")
    code = "511A0147300000-469034000000-000-11469034MB1957788X-1-00"
    page = GuidePage.objects.get(code=code)
    assert page.live and page.base_code == "511A0147300000" and page.missing == []
    assert page.url.endswith(f"/guides/{code.lower()}/")
    assert [(o.service_point.name, o.window) for o in page.offers.all()] == [
        ("陵水黎族自治县政务服务中心", "社保医保窗口")
    ]
    homestead = GuidePage.objects.get(code__startswith="110100001000-469034108000")
    assert homestead.live and homestead.township.code == LIAN
    relief = GuidePage.objects.get(code__startswith="000201005000")
    assert not relief.live and relief.has_unpublished_changes
    assert relief.township.code == YINGZHOU
    assert "no_materials" in relief.missing and "result" in relief.missing
    assert not relief.workflow_in_progress  # an incomplete draft stays with its editors
    irregular = GuidePage.objects.get(code="1J-5100-000123-469034")
    assert irregular.base_code == "" and not irregular.live

    # The same file again changes nothing, drafts included.
    revisions = sum(p.revisions.count() for p in GuidePage.objects.all())
    again = dry_run("composite_codes.csv")
    assert counts(again) == {"unchanged": 5}
    apply("composite_codes.csv")
    assert sum(p.revisions.count() for p in GuidePage.objects.all()) == revisions


def test_the_same_file_as_xlsx_reads_the_same():
    text = (FILES / "composite_codes.csv").read_text(encoding="utf-8")
    book = Workbook()
    for line in csv.reader(io.StringIO(text)):
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = read_file(buffer.getvalue(), "xlsx")
    assert from_xlsx.rows == reading("composite_codes.csv").rows
    assert from_xlsx.notes == reading("composite_codes.csv").notes


def test_task_codes_beside_a_catalogue_code_from_json():
    preview = dry_run("task_codes.json")
    assert counts(preview) == {"created": 1, "incomplete": 1}
    apply("task_codes.json")
    page = GuidePage.objects.get(code="11469034MB1957788X4000112345000")
    assert (page.base_code, page.matter_type) == ("000112345000", "licensing")
    assert page.online_url == "https://wssp.hainan.gov.cn/hnwt/home"
    assert "网办地址: “https://” added." in outcome(preview, 1).notes
    benefit = GuidePage.objects.get(code="11469034MB1957788X4000198765000")
    assert benefit.matter_type == "public_service" and not benefit.live
    assert list(benefit.materials.all()) == []  # 申请材料 “无” is no list, not a material


def test_html_pasted_from_word_becomes_paragraphs_and_materials():
    preview = dry_run("word_html.csv")
    assert counts(preview) == {"created": 1}
    notes = outcome(preview, 2).notes
    assert "受理条件: Word formatting removed." in notes
    assert "申请材料: Word formatting removed." in notes
    page = outcome(preview, 2).page
    assert page.conditions == (
        "<p>1.申请人应当取得营业执照等合法主体资格；</p>"
        "<p>2.具有与经营的食品品种、数量相适应的经营场所。</p>"
    )
    assert [m.name for m in page.materials.all()] == [
        "食品经营许可申请书",
        "营业执照复印件",
        "法定代表人身份证明",
    ]


def test_full_width_values_placeholders_units_and_a_long_name():
    preview = dry_run("fullwidth_values.csv")
    assert preview.ok, preview.problems
    birth = outcome(preview, 2)
    assert birth.status == "created" and birth.code == "469034-QT-801"
    page = birth.page
    assert page.title == "生育登记（一孩、二孩）"
    assert (page.statutory_days, page.promised_days, page.visits) == (20, 5, 0)
    assert (page.consultation_phone, page.complaint_phone, page.online_url) == (
        "0898-83322110",
        "",
        "",
    )
    fire = outcome(preview, 3)
    assert fire.status == "incomplete" and len(fire.page.title) == 110
    assert fire.page.matter_type == "other_power"  # 其它行政权力
    assert (fire.page.statutory_days, fire.page.promised_days) == (63, 0)
    assert fire.page.case_type == "immediate" and fire.page.consultation_phone == "0898-83325566"
    assert fire.page.result == ""  # “0” is a placeholder
    assert "法定办结时限: “3个月” read as 63 working days." in fire.notes
    assert "办件类型 “”: 即办件, from the promised time limit." in fire.notes
    read = reading("fullwidth_values.csv")
    assert read.columns.unused == ["办理时间"]


def test_versions_keep_the_latest_test_rows_are_skipped_same_names_are_both_real():
    preview = dry_run("versions.csv")
    assert counts(preview) == {"incomplete": 3, "duplicate": 2, "skipped": 1}
    kept = outcome(preview, 3)  # 版本号 3
    assert kept.page.promised_days == 5
    assert any("row(s) 2, 4 replaced" in note for note in kept.notes)
    assert outcome(preview, 2).status == outcome(preview, 4).status == "duplicate"
    assert "row 3" in outcome(preview, 2).notes[0]
    assert "a test row" in outcome(preview, 5).notes[0]
    assert any("both are imported" in note for note in outcome(preview, 7).notes)

    apply("versions.csv")
    assert GuidePage.objects.filter(title="出生医学证明补发").count() == 2
    assert not GuidePage.objects.filter(code="ssssss").exists()


def test_unknown_headers_are_suggested_then_mapped():
    with pytest.raises(FileError) as refused:
        reading("unknown_headers.csv")
    assert "--map 办事事项名称=title" in str(refused.value)

    mapping = {"办事事项名称": "title", "统一编码": "code"}
    read = reading("unknown_headers.csv", mapping)
    assert read.columns.unknown == {"经办人": ""}
    preview = Importer(staff("county_admin")).preview(read.rows, notes=read.notes)
    assert counts(preview) == {"incomplete": 2}


def test_the_command_maps_headers_and_reports_notes_and_what_is_missing(capsys):
    path = str(FILES / "unknown_headers.csv")
    with pytest.raises(CommandError):
        call_command("catalogue", "import", path, "--user", "county_admin")
    with pytest.raises(CommandError):
        call_command("catalogue", "import", path, "--user", "county_admin", "--map", "x=nothing")
    call_command(
        "catalogue",
        "import",
        path,
        "--user",
        "county_admin",
        "--map",
        "办事事项名称=事项名称",
        "--map",
        "统一编码=code",
    )
    out = capsys.readouterr().out
    assert "2 incomplete" in out
    assert "Column “经办人” not recognised" in out or "经办人" in out
    assert "row 2 (469034-QR-803)" in out
    assert not GuidePage.objects.filter(code="469034-QR-803").exists()


def test_a_bad_row_at_the_end_imports_nothing():
    content = (FILES / "composite_codes.csv").read_bytes().decode("utf-8")
    content += "6,469034-QT-899,行政审批改革试点事项,,许可类,陵水黎族自治县人民政府,,县级\n"
    read = read_file(content.encode(), "csv")
    before = GuidePage.objects.count()
    with pytest.raises(ImportRefused) as refused:
        Importer(staff("county_admin")).apply(read.rows, notes=read.notes)
    assert [(p.row, p.column) for p in refused.value.preview.problems] == [(7, "matter_type")]
    assert "许可类" in refused.value.preview.problems[0].message
    assert GuidePage.objects.count() == before


def test_a_row_that_contradicts_itself_is_an_error():
    content = (FILES / "word_html.csv").read_text(encoding="utf-8")
    content = content.replace(",20,1,承诺件,", ",5,10,承诺件,")  # promised longer than statutory
    read = read_file(content.encode(), "csv")
    preview = Importer(staff("county_admin")).preview(read.rows, notes=read.notes)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "promised_days")]


def test_a_township_editor_imports_their_townships_incomplete_matters_as_their_drafts():
    preview = dry_run("composite_codes.csv", user="lian_editor")
    errors = {o.row for o in preview.outcomes if o.status == "error"}
    assert errors == {2, 3, 5, 6}  # county-wide and 英州镇 rows are not theirs
    assert outcome(preview, 4).status == "created"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_national_export_imports_back_unchanged(fmt, tmp_path):
    local_guide(LIAN, "469034108-QT-711")
    apply("composite_codes.csv")
    path = tmp_path / f"national.{fmt}"
    call_command("catalogue", "export", str(path), "--format", "national")
    content = path.read_bytes()
    if fmt == "csv":
        assert content.startswith("\ufeff事项名称,实施编码,基本编码,事项类型".encode())
    read = read_file(content, fmt)
    assert read.national
    preview = Importer(staff("county_admin")).preview(read.rows, notes=read.notes)
    assert preview.ok, preview.problems
    assert counts(preview) == {"unchanged": GuidePage.objects.count()}
    assert [row for _, row in read.rows] == export_rows()
    if fmt != "xlsx":
        assert write_rows(export_rows(), fmt, national=True) == content


def test_the_demo_countys_full_catalogue_loads_mostly_as_drafts_by_township(capsys):
    call_command("catalogue", "demo")
    out = capsys.readouterr().out
    assert "error" not in out and "incomplete" in out
    drafts = GuidePage.objects.exclude(missing=[])
    assert drafts.count() > 700 and not drafts.filter(live=True).exists()
    assert GuidePage.objects.filter(live=True).count() > 37 + 100
    # Each township section owns local matters, for its editors to complete.
    for township in (LIAN, YINGZHOU):
        section = TownshipSection.objects.get(township__code=township)
        assert drafts.descendant_of(section).exists()
    # Run again (scripts/demo.sh does, every time): an editor's change to an imported matter stays.
    edited = GuidePage.objects.exclude(missing=[]).order_by("pk").first()
    edited.title = "编辑改过的名称"
    edited.save_revision(clean=False)
    call_command("catalogue", "demo")
    assert GuidePage.objects.get(pk=edited.pk).get_latest_revision_as_object().title == (
        "编辑改过的名称"
    )
