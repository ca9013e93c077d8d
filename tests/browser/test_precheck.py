"""The self check on a phone with JavaScript switched off: pick the village, answer, read."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_check_works_without_javascript(site: str, browser: Browser):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site + "/guides/469034-gg-002/")
    form = page.get_by_test_id("self-check")
    form.get_by_label("您住在哪里？").select_option("469034103201")  # 英州镇赤岭村
    form.get_by_role("button", name="开始自助预审").click()

    expect(page.locator("h1")).to_contain_text("自助预审")
    question = page.locator('[data-key="village-proxy.proxy_consent"]')
    expect(question).to_contain_text("是否委托村（居）代办员")
    assert_fits_the_screen(page)
    question.get_by_label("是").check()
    page.get_by_role("button", name="预审").click()

    expect(page.get_by_test_id("verdict")).to_have_text("可以申请。")
    expect(page.get_by_test_id("places")).to_contain_text("赤岭村便民服务站")
    expect(page.get_by_test_id("reasons")).to_contain_text("每周二、周五上午")
    expect(page.get_by_test_id("time-limit")).to_contain_text("即办件")
    expect(page.get_by_test_id("materials")).to_contain_text("居民身份证")
    assert_fits_the_screen(page)
    context.close()
