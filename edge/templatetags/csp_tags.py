"""``{% csp_nonce %}``: the nonce an inline script needs under the Content-Security-Policy."""

from django import template

from edge.csp import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()
