"""What a citizen sees on a phone: the home page, a guide and a service point."""

import re

import pytest
from playwright.sync_api import Page, expect

from guides.models import GuidePage, ServicePoint
from tests.browser.conftest import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_leads_to_a_guide(site: str, phone: Page):
    phone.goto(site + "/")
    expect(phone.locator("h1")).to_be_visible()
    assert_fits_the_screen(phone)
    search = phone.get_by_role("searchbox").first
    expect(search).to_be_visible()
    # The search box has a label a screen reader announces.
    assert search.evaluate("el => el.labels.length > 0 || !!el.getAttribute('aria-label')")
    expect(phone.get_by_text("出生一件事").first).to_be_visible()

    search.fill("食品经营许可")
    search.press("Enter")
    phone.wait_for_url(re.compile(r"/search/\?q="))
    phone.get_by_role("link", name=re.compile("食品经营许可")).first.click()
    expect(phone.locator("h1")).to_contain_text("食品经营许可")


def test_guide_page_tells_what_to_bring_and_where_to_go(site: str, phone: Page):
    guide = GuidePage.objects.live().get(title__contains="食品经营许可")
    phone.goto(site + guide.url)
    expect(phone.locator("h1")).to_contain_text(guide.title)
    assert_fits_the_screen(phone)

    materials = phone.locator("#materials")
    first = guide.materials.first()
    checkbox = materials.get_by_label(first.name, exact=False).first
    checkbox.check()
    expect(checkbox).to_be_checked()

    # Without a location the page asks for one first; every place is one tap away.
    expect(phone.get_by_test_id("ask-location")).to_be_visible()
    phone.locator("#where details summary").click()
    places = phone.locator("#places")
    expect(places.get_by_text("黎安镇便民服务中心").first).to_be_visible()
    badges = places.locator(".open-now, .closed-now")
    assert badges.count() == guide.offers.count()
    expect(places.get_by_text("跨镇通办").first).to_be_visible()


def test_service_point_page_shows_hours_and_matters(site: str, phone: Page):
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")
    phone.goto(site + hall.get_absolute_url())
    expect(phone.locator("h1")).to_contain_text(hall.name)
    assert_fits_the_screen(phone)
    expect(phone.get_by_text("周一").first).to_be_visible()
    expected = "open-now" if hall.is_open_now() else "closed-now"
    expect(phone.locator(f".{expected}").first).to_be_visible()

    offer = hall.offers.select_related("guide").first()
    phone.get_by_role("link", name=offer.guide.title).first.click()
    expect(phone.locator("h1")).to_contain_text(offer.guide.title)
