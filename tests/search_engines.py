"""Fixtures for the search tests: the two engines, the Elasticsearch one on the real node that
scripts/test.sh starts (ELASTICSEARCH_URL), in an index of its own for this test session."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from search.documents import document_for, guides_to_index
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine

ENGINES = ["database", "elasticsearch"]
# Generous for correctness tests: a cold node's first queries take about a second. The fallback
# tests use the real 1 s default.
TEST_TIMEOUT = 15.0


@pytest.fixture(scope="session")
def es_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        # Never a skip: CI must run the Elasticsearch half of the contract suite.
        pytest.fail(
            "ELASTICSEARCH_URL is not set. Run the tests with scripts/test.sh, which starts a real "
            'Elasticsearch node, or start one: eval "$(devservices/es_node.sh start)".'
        )
    return url


@pytest.fixture(scope="session")
def elasticsearch_engine(django_db_setup, django_db_blocker, es_url):
    engine = ElasticsearchEngine(
        url=es_url, alias=f"test-guides-{uuid.uuid4().hex[:12]}", timeout=TEST_TIMEOUT
    )
    with django_db_blocker.unblock():
        guides = guides_to_index()
        engine.rebuild((document_for(g) for g in guides), guides.count())
    yield engine
    engine.drop()


@pytest.fixture(params=ENGINES)
def engine(request, db):
    if request.param == "database":
        return DatabaseEngine()
    return request.getfixturevalue("elasticsearch_engine")


def use_engine(settings, name: str, request) -> None:
    """Points the public search (search.public) at one engine."""
    if name == "database":
        settings.ELASTICSEARCH_URL = ""
        return
    es = request.getfixturevalue("elasticsearch_engine")
    settings.ELASTICSEARCH_URL = request.getfixturevalue("es_url")
    settings.SEARCH_INDEX = es.alias
    settings.SEARCH_TIMEOUT = TEST_TIMEOUT


@pytest.fixture(params=ENGINES)
def public_engine(request, settings, db) -> str:
    use_engine(settings, request.param, request)
    return request.param


def closed_port() -> int:
    """A loopback port nothing listens on: Elasticsearch as it is when the node is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
