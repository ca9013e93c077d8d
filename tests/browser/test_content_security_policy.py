"""The Content-Security-Policy holds in a real Chromium: the admin's guide editor and the public
pages work under it, with no violation reported, and an injected inline script does not run."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from guides.models import GuidePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (outside the page's policy): collects every violation.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI + " " + event.sample);
});
"""


@pytest.fixture
def desk(browser: Browser):
    """A desktop browser page that records CSP violations and console complaints."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_complaints = []
    page.on(
        "console",
        lambda message: (
            page.console_complaints.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def assert_no_violation(page: Page) -> None:
    violations = page.evaluate("window.__violations")
    assert violations == [], violations
    assert page.console_complaints == [], page.console_complaints


def test_the_guide_editor_works_under_the_policy(site: str, desk: Page):
    get_user_model().objects.create_superuser("csp_admin", "csp@example.com", "csp-pass-1")
    guide = GuidePage.objects.live().filter(materials__isnull=False).distinct().first()

    desk.goto(site + "/admin/login/")
    desk.fill("input[name=username]", "csp_admin")
    desk.fill("input[name=password]", "csp-pass-1")
    desk.locator("button[type=submit]").first.click()
    desk.wait_for_url(site + "/admin/")

    response = desk.goto(f"{site}/admin/pages/{guide.pk}/edit/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split(";")[1]
    desk.wait_for_load_state("networkidle")
    assert_no_violation(desk)
    # Draftail (the rich text editor, built by script) rendered the conditions.
    expect(desk.locator("[data-contentpath=conditions] .Draftail-Editor")).to_have_count(1)
    # InlinePanel's nonce'd script ran: "add a material" adds a row (on whichever tab).
    rows = desk.locator("#id_materials-FORMS > [data-inline-panel-child]")
    before = rows.count()
    desk.locator("#id_materials-ADD").dispatch_event("click")
    expect(rows).to_have_count(before + 1)
    # The date widget's nonce'd script ran too: it attached its picker.
    expect(desk.locator(".xdsoft_datetimepicker")).not_to_have_count(0)
    assert_no_violation(desk)


def test_public_pages_run_no_inline_script(site: str, desk: Page):
    guide = GuidePage.objects.live().filter(offers__isnull=False).distinct().first()
    for path in ("/", guide.url, f"/self-check/{guide.slug}/", "/search/?q=户口"):
        desk.goto(site + path)
        desk.wait_for_load_state("networkidle")
        assert_no_violation(desk)
    # A script smuggled into the page (as stored script would be) is blocked and reported.
    desk.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"""
    )
    assert desk.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in desk.evaluate("window.__violations"))
