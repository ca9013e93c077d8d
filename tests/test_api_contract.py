"""The public API keeps its contract (guidesite/openapi.yaml, docs/api.md): every public JSON
route is in the document and every documented path is a route; the document is served at
/api/schema/ with a page at /api/docs/; and Schemathesis, generating valid and invalid requests
from the document, finds no server error and no answer the document does not describe."""

from __future__ import annotations

import re

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from schemathesis import checks

from guidesite import api_contract

pytestmark = pytest.mark.django_db

# Public JSON routes whose contract is someone else's: Wagtail's API v2 (its own documentation;
# its parameters are checked by edge.api_v2), and the contract itself.
NOT_IN_DOCUMENT = {"api/v2/", "api/schema/", "api/docs/"}
# Routes answering other than JSON that apps call and the document describes.
DOCUMENTED_OTHERS = {"/guides/{code}/notice.pdf"}


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every URL pattern of the site as a path template (``<str:code>`` → ``{code}``)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if any(route.startswith(skip) for skip in NOT_IN_DOCUMENT):
                continue
            found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return found


def test_every_public_json_route_is_in_the_document_and_nothing_else():
    api_routes = {
        r for r in routes() if r.startswith("/api/") and r.lstrip("/") not in NOT_IN_DOCUMENT
    }
    documented = set(api_contract.document()["paths"])
    assert api_routes == documented - DOCUMENTED_OTHERS
    assert set(routes()) >= DOCUMENTED_OTHERS


def test_every_documented_path_resolves_to_its_view():
    for path in api_contract.document()["paths"]:
        match = resolve(re.sub(r"{\w+}", "469034-QR-006", path))
        assert match.url_name and match.url_name != "wagtail_serve", path


def test_the_document_is_served_as_json_and_as_a_page(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == api_contract.document()
    assert response.json()["openapi"].startswith("3.1")

    page = client.get("/api/docs/").content.decode()
    for operation in api_contract.operations():
        assert f"<code>{operation['method']} {operation['path']}</code>" in page
    # Nothing the page needs runs as inline script (the site's CSP forbids it).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


# --- Schemathesis against the site's WSGI application, in the test's transaction -----------

SCHEMA = schemathesis.openapi.from_dict(api_contract.document())
APP = WSGIHandler()
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection(settings):
    """The site's handler closes the database connection after each request; in a test that
    connection holds the test's transaction (Django's test client disconnects it the same way).
    The search answers from the embedded engine (the contract is the same for both)."""
    settings.ELASTICSEARCH_URL = ""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


FUZZ = hypothesis.settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure in CI reproduces
    suppress_health_check=list(hypothesis.HealthCheck),
)


@SCHEMA.exclude(path_regex=r"notice\.pdf").parametrize()
@FUZZ
def test_the_api_keeps_its_contract(case):
    case.call_and_validate(app=APP, checks=CHECKS)


# A form is rendered as a PDF (WeasyPrint, ~0.3 s): fewer examples.
@SCHEMA.include(path_regex=r"notice\.pdf").parametrize()
@hypothesis.settings(FUZZ, max_examples=8)
def test_the_printed_form_keeps_its_contract(case):
    case.call_and_validate(app=APP, checks=CHECKS)
