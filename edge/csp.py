"""The Content-Security-Policy of every response, public site and admin alike.

Scripts run only from our own origin or with this response's nonce: no inline script an editor
or an attacker could place in a page runs, and no script from elsewhere. Our public templates
have no inline script; Wagtail's admin still renders a few (InlinePanel, MultipleChooserPanel,
the date and time widgets), which ``edge/templates/wagtailadmin/`` overrides to carry the nonce
(``{% csp_nonce %}``; an app's templates, so the form renderer finds the widgets' too), and the
chooser widgets build theirs in Python (``nonce_chooser_scripts``). Styles
may be inline: the admin sets ``style`` attributes in its templates and scripts, and a style
cannot run code. Images may be ``data:`` and ``blob:`` (the forms' QR codes, the admin's image
previews). ``frame-ancestors 'self'`` lets the admin's preview panel frame our own pages and
nobody else frame them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

nonce_var: ContextVar[str] = ContextVar("csp_nonce", default="")

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "frame-src 'self'; "
    "frame-ancestors 'self'; "
    "form-action 'self'; "
    "base-uri 'self'; "
    "object-src 'none'"
)


def current_nonce() -> str:
    """The nonce of the response being rendered (for templates without the request)."""
    return nonce_var.get()


def nonce_chooser_scripts() -> None:
    """Give the nonce to the script Wagtail's chooser widgets append in Python.

    ``wagtail.admin.widgets.chooser.BaseChooser.render`` ends its HTML with
    ``<script>{js}</script>`` built in code, with no template to override; this wraps it
    (called once from ``EdgeConfig.ready``). The widget's own HTML before it is escaped by its
    template, so the last ``<script>`` is always the one Wagtail appended.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    render = BaseChooser.render
    if getattr(render, "with_nonce", False):
        return

    def render_with_nonce(self, name, value, attrs=None, renderer=None) -> SafeString:
        html = render(self, name, value, attrs=attrs, renderer=renderer)
        head, found, script = html.rpartition("<script>")
        if not found:
            return html
        return mark_safe(f'{head}<script nonce="{current_nonce()}">{script}')

    render_with_nonce.with_nonce = True
    BaseChooser.render = render_with_nonce


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        token = nonce_var.set(nonce)
        try:
            response = self.get_response(request)
        finally:
            nonce_var.reset(token)
        response.headers.setdefault("Content-Security-Policy", POLICY.format(nonce=nonce))
        return response
