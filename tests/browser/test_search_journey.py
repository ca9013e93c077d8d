"""A citizen on a phone types what they want in their own words and learns where to go."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIAN = "469034108000"  # 黎安镇


def test_colloquial_query_on_the_home_page_finds_the_guide_and_its_nearest_place(
    site: str, phone: Page, settings
):
    settings.ELASTICSEARCH_URL = ""  # the embedded engine (the contract suite covers both)
    phone.goto(site + "/")
    phone.locator("#home-township").select_option(LIAN)
    search = phone.get_by_role("searchbox").first
    # Suggestions as the citizen types (pinyin works too).
    with phone.expect_response(re.compile(r"/api/suggest/\?q=")):
        search.type("jieh")
    expect(phone.locator("#home-suggestions").get_by_role("link", name="结婚登记")).to_be_visible()
    search.fill("开饭店要办什么证")
    search.press("Enter")
    phone.wait_for_url(re.compile(r"/search/\?q="))
    assert_fits_the_screen(phone)

    first = phone.get_by_test_id("result").first
    expect(first).to_contain_text("食品经营许可证核发")
    expect(first.get_by_test_id("nearest")).to_contain_text("黎安镇便民服务中心")
    first.get_by_role("link", name=re.compile("食品经营许可")).first.click()
    expect(phone.locator("h1")).to_contain_text("食品经营许可")
