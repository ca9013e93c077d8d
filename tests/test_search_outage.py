"""Elasticsearch down, hung, or stopped while citizens are searching: the public search keeps
answering from the embedded engine, says so, and logs it."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
from pathlib import Path

import pytest

from search.documents import document_for, guides_to_index
from search.engines.elastic import ElasticsearchEngine
from search.models import QueryLog
from tests.search_engines import closed_port

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent
LIAN = "469034108000"  # 黎安镇
SOLE_TRADER = "469034-XK-004"


def search_api(client, q: str):
    return client.get("/api/search/", {"q": q, "township": LIAN})


def test_elasticsearch_down_falls_back_to_the_embedded_engine(client, settings, caplog):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with caplog.at_level(logging.WARNING, logger="search.public"):
        body = search_api(client, "营业执照").json()
    assert body["engine"] == "database" and body["fell_back"] is True
    assert body["results"][0]["code"] == SOLE_TRADER
    assert "embedded engine" in caplog.text
    page = client.get("/search/", {"q": "营业执照"})
    assert page.status_code == 200 and b'data-testid="fallback"' in page.content
    assert client.get("/api/suggest/", {"q": "jieh"}).json()["suggestions"]


def test_elasticsearch_too_slow_falls_back_within_the_timeout(client, settings):
    # A socket that accepts connections and never answers: a hung node.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{hung.getsockname()[1]}"
        settings.SEARCH_TIMEOUT = 0.5
        body = client.get("/api/search/", {"q": "准生证"}).json()
    assert body["engine"] == "database"
    assert body["results"][0]["code"] == "469034-GG-001"


def es_node(*args: str) -> dict[str, str]:
    """Runs devservices/es_node.sh; returns the KEY=value lines it prints."""
    # Not the session node's directory; a watchdog that stops the node should this process die.
    env = {k: v for k, v in os.environ.items() if k != "ES_BASE_DIR"}
    env.update(ES_WATCH_PID=str(os.getpid()), ES_HEAP="-Xms256m -Xmx512m")
    done = subprocess.run(
        ["bash", str(REPO / "devservices" / "es_node.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


@pytest.fixture
def own_node():
    """A real node of this test's own: stopping the session's node would take it from the rest
    of the suite."""
    node = es_node("start")
    yield node
    es_node("stop", node["ES_BASE_DIR"])


def test_stopping_the_node_mid_run_leaves_the_search_answering(client, settings, own_node):
    url = own_node["ELASTICSEARCH_URL"]
    engine = ElasticsearchEngine(url=url, alias="outage-guides", timeout=15)
    guides = guides_to_index()
    engine.rebuild((document_for(g) for g in guides), guides.count())
    settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX = url, engine.alias
    settings.SEARCH_TIMEOUT = 1.0  # the production default
    assert search_api(client, "营业执照").json()["engine"] == "elasticsearch"

    # Citizens keep searching while the node shuts down (SIGTERM, as a service manager does).
    stopping = subprocess.Popen(
        ["bash", str(REPO / "devservices" / "es_node.sh"), "stop", own_node["ES_BASE_DIR"]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    answers = []
    while stopping.poll() is None or len(answers) < 3:
        answers.append(search_api(client, "营业执照"))
    assert stopping.wait() == 0

    assert {answer.status_code for answer in answers} == {200}
    bodies = [answer.json() for answer in answers]
    assert all(body["results"][0]["code"] == SOLE_TRADER for body in bodies)
    assert (bodies[-1]["engine"], bodies[-1]["fell_back"]) == ("database", True)
    page = client.get("/search/", {"q": "营业执照", "township": LIAN})
    assert page.status_code == 200 and b'data-testid="fallback"' in page.content
    engines_logged = set(QueryLog.objects.filter(query="营业执照").values_list("engine", flat=True))
    assert engines_logged == {"elasticsearch", "database"}
