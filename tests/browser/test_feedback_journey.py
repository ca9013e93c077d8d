"""A bad rating's whole road: a citizen rates a guide badly on a phone without JavaScript, the
township editor finds the task in the admin, rectifies it and records the call-back, and the
public figures move."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIAN = "469034108000"


def test_a_bad_rating_reaches_the_township_editor_and_the_figures(site: str, browser: Browser):
    citizen = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, java_script_enabled=False
    )
    page = citizen.new_page()
    figures_url = f"{site}/figures/?township={LIAN}"
    page.goto(figures_url)
    expect(page.get_by_test_id("figure-ratings")).to_have_text("0")
    expect(page.get_by_test_id("figure-rectifications")).to_have_text("0 / 0")
    assert_fits_the_screen(page)

    page.goto(site + "/guides/469034-xk-004/")
    form = page.get_by_test_id("rate-form")
    form.get_by_label("非常不满意").check()
    form.get_by_label("材料和指南不一致").check()
    form.get_by_label("您去的是哪个服务点？（可选）").select_option(label="黎安镇便民服务中心")
    form.get_by_label("意见和建议（可选）").fill(
        "窗口要我交房屋产权证明原件，指南上说承诺制可以不交"
    )
    form.get_by_label("回访电话（可选）").fill("13812345678")
    assert_fits_the_screen(page)
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("thanks")).to_contain_text("15个工作日内整改")

    page.goto(figures_url)
    expect(page.get_by_test_id("figure-ratings")).to_have_text("1")
    expect(page.get_by_test_id("figure-good-rate")).to_have_text("0%")

    editor = browser.new_context(locale="zh-CN")
    admin = editor.new_page()
    admin.goto(site + "/admin/login/")
    admin.fill("#id_username", "lian_editor")
    admin.fill("#id_password", "demo")
    admin.press("#id_password", "Enter")
    expect(admin.get_by_test_id("feedback-panel")).to_contain_text("1 项整改任务未办结")
    admin.goto(site + "/admin/feedback/tasks/")
    task = admin.get_by_test_id("task")
    expect(task).to_contain_text("个体工商户设立登记")
    expect(task).to_contain_text("138****5678")
    task.get_by_role("link", name="个体工商户设立登记").click()
    expect(admin.get_by_test_id("task-phone")).to_have_text("13812345678")
    admin.get_by_role("button", name="开始整改").click()
    expect(admin.get_by_test_id("task-state")).to_have_text("整改中")
    admin.get_by_label("整改情况（指南、窗口、人员……）").fill(
        "已向窗口重申告知承诺制：签署经营场所承诺书的，不再收取产权证明"
    )
    admin.get_by_role("button", name="整改完成").click()
    expect(admin.get_by_test_id("task-state")).to_have_text("已整改待回访")
    admin.get_by_label("已联系上").check()
    admin.get_by_label("办理结果").fill("已电话回访，群众已办好执照，表示满意")
    admin.get_by_role("button", name="记录回访并办结").click()
    expect(admin.get_by_test_id("task-state")).to_have_text("已办结")
    expect(admin.get_by_test_id("task-steps")).to_contain_text("回访办结")

    page.goto(figures_url)
    expect(page.get_by_test_id("figure-rectifications")).to_have_text("1 / 0")
    editor.close()
    citizen.close()
