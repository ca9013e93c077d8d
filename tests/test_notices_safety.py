"""What a printed form may load: the project's own static and media files and data: URLs, nothing
else; and what an editor's rich text may do to the form: nothing."""

import subprocess
import tempfile
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.template.loader import render_to_string
from PIL import Image as PILImage
from wagtail.images.models import Image

from guides.models import GuidePage
from notices.answers import NoticeRequest
from notices.fetcher import BASE_URL, ProjectFilesFetcher
from notices.image_cache import ImageCache
from notices.issuing import issue_notice
from notices.pdf import html_to_pdf
from notices.richtext import clean_rich_text
from tests.notices_pdf import pdf_text, squeeze

pytestmark = pytest.mark.django_db

METADATA = "http://169.254.169.254/latest/meta-data/"


def render(html: str) -> tuple[bytes, ProjectFilesFetcher]:
    fetcher = ProjectFilesFetcher()
    return html_to_pdf(html, fetcher), fetcher


def test_the_fetcher_refuses_local_files_and_the_network():
    escapes = [
        f"{BASE_URL}media/../../../../etc/passwd",
        f"{BASE_URL}media/%2e%2e/%2e%2e/etc/passwd",
    ]
    pdf, fetcher = render(
        f"""<html><head>
        <link rel="stylesheet" href="{METADATA}">
        <style>@import url("https://attacker.example/x.css"); body {{ color: black }}</style>
        </head><body><p>正文</p>
        <img src="file:///etc/passwd"><img src="{escapes[0]}"><img src="{escapes[1]}">
        </body></html>"""
    )
    assert fetcher.refused == [
        METADATA,
        "https://attacker.example/x.css",
        "file:///etc/passwd",
        *escapes,
    ]
    text = pdf_text(pdf)
    assert "正文" in text and "root:" not in text


def test_a_refused_url_is_asked_for_and_refused_again_on_every_render():
    """Images are cached between renders, refusals are not."""
    for _ in range(2):
        _pdf, fetcher = render('<p>正文</p><img src="file:///etc/passwd">')
        assert fetcher.refused == ["file:///etc/passwd"]


def test_the_image_cache_forgets_a_file_that_changed(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seal = tmp_path / "seal.png"
    seal.write_bytes(b"the old seal")
    url = f"{BASE_URL}media/seal.png"
    cache = ImageCache()
    cache[url] = "decoded image"

    cache.forget_if_stale()
    assert cache[url] == "decoded image"

    seal.write_bytes(b"a new seal under the same name")
    cache.forget_if_stale()
    assert url not in cache


def test_the_fetcher_serves_the_projects_own_static_files_and_data_urls():
    fetcher = ProjectFilesFetcher()
    css = fetcher.fetch(f"{BASE_URL}static/guidesite/site.css")
    assert css.content_type == "text/css" and b"{" in css.read()
    data = fetcher.fetch("data:text/plain;base64,5Lit5paH")
    assert data.read().decode() == "中文"
    assert fetcher.refused == []


def test_guide_rich_text_cannot_read_files_fetch_or_break_the_form():
    guide = GuidePage.objects.get(code="469034-XK-001")
    guide.conditions = (
        '<p>持有营业执照</p><img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{METADATA}">'
        '<style>@import url("https://attacker.example/x.css");</style>'
        '<p style="display:none">隐藏</p></td></tr></table><h1>伪造标题</h1>'
    )
    # Not saved: saving cleans rich text on the way in (guides.rich_text), and the form must be
    # safe for text stored before that, or written by a road that skips it.
    point = guide.offers.first().service_point
    notice = issue_notice(guide, NoticeRequest(point=point), absolute_url=lambda path: path)
    html = render_to_string("notices/notice_document.html", {"notices": [notice], "title": "t"})

    pdf, fetcher = render(html)

    assert fetcher.refused == ["file:///etc/passwd"], "asked for the image, and refused it"
    assert METADATA not in html and "attacker.example" not in html
    text = squeeze(pdf_text(pdf))
    assert "持有营业执照" in text and "root:" not in text
    # The stray </table> did not end the form: the stub still follows, with the serial.
    assert text.index("伪造标题") < text.index("存根") < text.rindex(notice.serial)


def test_rich_text_keeps_only_plain_structure():
    cleaned = clean_rich_text(
        '<p onclick="x()" style="color:red">a<b>b</b><script>alert(1)</script></p>'
        '<ul><li>c<li>d</ul></div></table><a href="https://gov.cn/" class="x">e</a>&lt;'
    )
    assert cleaned == (
        '<p>a<b>b</b></p><ul><li>c<li>d</li></li></ul><a href="https://gov.cn/">e</a>&lt;'
    )


def test_the_halls_letterhead_and_seal_are_loaded_from_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    guide = GuidePage.objects.get(code="469034-XK-001")
    point = guide.offers.first().service_point
    point.letterhead = image("letterhead", 1200, 160)
    point.seal = image("seal", 300, 300)
    point.save()
    notice = issue_notice(guide, NoticeRequest(point=point), absolute_url=lambda path: path)
    html = render_to_string("notices/notice_document.html", {"notices": [notice], "title": "t"})

    pdf, fetcher = render(html)

    assert fetcher.refused == []
    assert pdf_image_count(pdf) >= 2


def image(title: str, width: int, height: int) -> Image:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "red").save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def pdf_image_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        listing = subprocess.run(
            ["pdfimages", "-list", file.name], check=True, capture_output=True, text=True
        ).stdout
    return len(listing.splitlines()) - 2


def test_the_demo_halls_have_letterheads_that_print():
    guide = GuidePage.objects.get(code="469034-XK-001")
    point = guide.offers.get(service_point__name="黎安镇便民服务中心").service_point
    assert point.letterhead and point.seal, "drawn by the demo_loaded receiver"
    notice = issue_notice(guide, NoticeRequest(point=point), absolute_url=lambda path: path)
    html = render_to_string("notices/notice_document.html", {"notices": [notice], "title": "t"})

    pdf, fetcher = render(html)

    assert fetcher.refused == []
    assert pdf_image_count(pdf) >= 2
