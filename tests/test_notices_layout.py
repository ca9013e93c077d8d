"""The printed forms fit the sheet, tested on the rendered pages (``pdftoppm`` at 72 dpi), not on
their text: a table's border can run past the margin while its text stays inside."""

import io
import itertools
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from guides.models import GuidePage, Material, Offer, ServicePoint
from tests import builders
from tests.notices_pdf import pdf_pages, squeeze

pytestmark = pytest.mark.django_db

DPI = 72
EDGE_MM = 8  # nothing drawn this close to an edge: printers cannot reach it
MARGIN_MM = 14  # the forms' side margins (notices/print.css): tables stay inside them too
CHILING = "469034103201"  # 英州镇赤岭村


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def rendered(pdf: bytes, gray: bool = True) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(pdf)
        colour = ["-gray"] if gray else []
        command = ["pdftoppm", "-r", str(DPI), *colour, "-png", path, path.with_suffix("")]
        subprocess.run(command, check=True)
        return [
            Image.open(io.BytesIO(page.read_bytes())).convert("L" if gray else "RGB")
            for page in sorted(Path(folder).glob("form*.png"))
        ]


def ink_box(page: Image.Image) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of everything drawn darker than near-white."""
    return page.point(lambda value: 255 if value < 245 else 0).getbbox()


def assert_fits(pdf: bytes, what: str) -> None:
    pages = rendered(pdf)
    assert pages, what
    for number, page in enumerate(pages, 1):
        width, height = page.size
        left, top, right, bottom = ink_box(page)
        edge = px(EDGE_MM)
        assert left >= edge and top >= edge, f"{what}, page {number}: ink at ({left}, {top})"
        assert right <= width - edge and bottom <= height - edge, (
            f"{what}, page {number}: ink to ({right}, {bottom}) on a {width}×{height} page"
        )
        # Tables and the stub stay inside the side margins (a pixel for anti-aliasing).
        inside = px(MARGIN_MM) - 1
        assert left >= inside and right <= width - inside, f"{what}, page {number}: {left}–{right}"


def notice(client, guide: GuidePage, point: ServicePoint, **payload) -> bytes:
    response = client.post(
        f"/guides/{guide.slug}/notice.pdf",
        {"point": point.pk, **payload},
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_every_demo_matters_form_fits_the_page(client):
    guides = GuidePage.objects.live().filter(offers__isnull=False).distinct().order_by("code")
    assert guides.count() >= 20
    for guide in guides:
        point = guide.offers.order_by("sort_order").first().service_point
        assert_fits(notice(client, guide, point), guide.code)


def test_a_personalised_form_with_a_commitment_letter_fits(client):
    guide = GuidePage.objects.get(code="469034-JF-003")
    point = ServicePoint.objects.get(name="英州镇便民服务中心")
    answers = json.dumps({"village-proxy": {"proxy_consent": True}})
    pdf = notice(
        client, guide, point, township=CHILING, answers=answers, name="王芳", phone="13800138000"
    )
    assert_fits(pdf, guide.code)


def test_forty_materials_fit(client):
    guide = builders.guide("469034-QT-941", title="四十项材料版面测试")
    for number in range(1, 41):
        Material.objects.create(
            guide=guide,
            name=f"测试材料第{number:02d}项（含较长的名称，用于检查换行后表格仍在版心之内）",
            form="both",
            notes="复印件须注明“与原件一致”并签名。",
            sort_order=number,
        )
    point = ServicePoint.objects.get(name="黎安镇便民服务中心")
    Offer.objects.create(guide=guide, service_point=point, modes=["window"], window="综合受理窗口")
    pdf = notice(client, guide, point)
    assert len(rendered(pdf)) >= 3
    assert_fits(pdf, guide.code)


def test_the_hall_is_named_once_under_the_letterhead_and_the_seal_clears_the_cut_line(client):
    guide = GuidePage.objects.get(code="469034-XK-001")
    point = ServicePoint.objects.get(name="黎安镇便民服务中心")
    assert point.letterhead and point.seal  # the demo draws both
    first = pdf_pages(notice(client, guide, point))[0]
    head = squeeze(first[: first.index("一次性告知单")])
    assert point.name not in head  # the letterhead image carries it; no second line of text
    assert squeeze(first).count(point.name) == 1  # once more, as the place to apply
    # No red of the seal within 2 mm of the stub's dashed cut line.
    for page in rendered(notice(client, guide, point), gray=False):
        gray = page.convert("L")
        cuts = [y for y in range(gray.height) if dashed_row(gray, y)]
        if cuts:
            band = range(cuts[0] - px(2), cuts[0] + px(2))
            assert not any(is_red(page.getpixel((x, y))) for y in band for x in range(page.width))
            break
    else:
        pytest.fail("no cut line found")


def dashed_row(page: Image.Image, y: int) -> bool:
    """A row of evenly broken dark runs across most of the width: the stub's cut line."""
    row = [page.getpixel((x, y)) < 160 for x in range(page.width)]
    runs = sum(1 for a, b in itertools.pairwise(row) if b and not a)
    return runs > 40 and sum(row) > page.width / 4


def is_red(pixel: tuple[int, int, int]) -> bool:
    red, green, blue = pixel[:3]
    return red > 150 and green < 140 and blue < 140


def test_a_batch_numbers_the_pages_of_each_form_on_its_own(client, django_user_model):
    user = django_user_model.objects.create_superuser("batch", "batch@example.com", "pw")
    client.force_login(user)
    point = ServicePoint.objects.get(name="黎安镇便民服务中心")
    codes = ["469034-XK-001", "469034-XK-004", "469034-JF-001"]
    guides = GuidePage.objects.filter(code__in=codes)
    response = client.post(
        "/admin/notices/print/",
        {
            "guides": [g.pk for g in guides],
            "point": point.pk,
            "township": "469034108000",
            "print": "1",
        },
    )
    assert response.status_code == 200, response.content[:2000]
    pages = pdf_pages(response.content)
    numbers = [re.search(r"页码\s*(\d+)\s*/\s*(\d+)", page).groups() for page in pages]
    forms, current = [], []
    for page, total in numbers:
        if page == "1" and current:
            forms.append(current)
            current = []
        current.append((int(page), int(total)))
    forms.append(current)
    assert len(forms) == len(codes)
    for form in forms:
        assert [n for n, _ in form] == list(range(1, len(form) + 1))
        assert {total for _, total in form} == {len(form)}
    assert_fits(response.content, "batch")
