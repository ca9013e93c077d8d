"""The township a citizen picks on the search page follows them: the guide page lists that
township's hall first, the self check sends them there, and the printed form is that hall's."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, assert_fits_the_screen
from tests.notices_pdf import pdf_text, squeeze

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUANGPO = "469034101000"  # 光坡镇
HALL = "光坡镇便民服务中心"


def test_search_guide_self_check_and_form_name_the_same_hall(site: str, browser: Browser, settings):
    settings.ELASTICSEARCH_URL = ""  # the embedded engine
    # No JavaScript: the township travels in the link and the cookie alone.
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/search/?q=" + "个体工商户设立登记" + "&township=" + GUANGPO)
    page.get_by_test_id("result").first.get_by_role(
        "link", name=re.compile("个体工商户设立登记")
    ).click()
    expect(page.locator("h1")).to_contain_text("个体工商户设立登记")
    assert f"township={GUANGPO}" in page.url

    places = page.locator("#where").get_by_test_id("place")
    expect(places.first).to_contain_text(HALL)
    expect(page.get_by_test_id("where-for")).to_contain_text("光坡镇")
    assert_fits_the_screen(page)

    # The self check starts with the township already chosen.
    check = page.get_by_test_id("self-check")
    expect(check.locator("select[name=township]")).to_have_value(GUANGPO)
    check.get_by_role("button", name="开始自助预审").click()
    expect(page.get_by_test_id("verdict")).to_have_text("可以申请。")
    expect(page.get_by_test_id("place").first).to_contain_text(HALL)
    expect(page.get_by_test_id("reasons")).to_contain_text(f"离您最近的可办理地点是{HALL}")

    # The form's link first lists the places (this hall first), then prints that hall's form.
    page.get_by_test_id("notice-link").click()
    expect(page.get_by_test_id("place").first).to_contain_text(HALL)
    href = page.get_by_test_id("place").first.get_by_role("link").get_attribute("href")
    response = page.request.get(page.url.split("?")[0] + href)  # the browser's own cookies
    assert response.headers["content-type"] == "application/pdf"
    text = squeeze(pdf_text(response.body()))
    assert HALL in text and "1号综合受理窗口" in text
    context.close()
