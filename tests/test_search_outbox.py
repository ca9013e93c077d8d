"""The index cannot drift: a change records what the engines must write in its own transaction
(search.PendingUpdate), a crash between the commit and the write leaves that work for
``search_index retry``, and ``search_index check`` finds and repairs a broken index.

The crash is real: a management command (Wagtail's ``publish_scheduled``, the catalogue import)
runs in a subprocess whose Elasticsearch is a socket that accepts and never answers; once the
index request has arrived there (the change is committed, the write is under way) the process
is killed with SIGKILL."""

# The engine fixtures come from tests/search_engines.py (registered in tests/conftest.py).

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from elasticsearch import helpers

from catalogue.export import export_rows
from guides.models import GuidePage
from search import engines
from search.documents import document_for, guides_to_index
from search.engines import bitsets
from search.engines.base import Query
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine
from search.models import IndexBitmap, IndexedGuide, PendingUpdate
from tests import builders
from tests.search_engines import closed_port

ROOT = Path(__file__).resolve().parent.parent


# --- what an index holds, compared exactly ------------------------------------------------


def embedded_snapshot() -> dict:
    """The embedded index as data: each guide's row, and each term's guides by page id (the
    bit numbers a guide gets depend on the order it was written in)."""
    rows = {
        r.page_id: (r.code, r.title, r.url, r.aliases, r.body, frozenset(r.terms.split("\n")))
        for r in IndexedGuide.objects.all()
    }
    page_of = dict(IndexedGuide.objects.values_list("number", "page_id"))
    terms = {}
    for kind, term, guides in IndexBitmap.objects.values_list("kind", "term", "guides"):
        numbers = bitsets.from_bytes(bytes(guides))
        terms[kind, term] = frozenset(
            page_of.get(n, ("unknown bit", n))
            for n in range(numbers.bit_length())
            if numbers >> n & 1
        )
    return {"rows": rows, "terms": terms}


def es_snapshot(engine: ElasticsearchEngine, alias: str) -> dict[str, dict]:
    engine.client.indices.refresh(index=alias)
    hits = helpers.scan(engine.client, index=alias, query={"query": {"match_all": {}}})
    return {hit["_id"]: hit["_source"] for hit in hits}


def rebuilt_snapshots(es: ElasticsearchEngine) -> tuple[dict, dict]:
    """What a full rebuild of both engines gives from the database now: the truth to compare
    with. Elasticsearch is rebuilt under an alias of its own, the embedded index in place (the
    caller has taken its snapshot before)."""
    fresh = ElasticsearchEngine(url=django_settings.ELASTICSEARCH_URL, alias=f"{es.alias}-fresh")
    guides = guides_to_index()
    try:
        fresh.rebuild((document_for(g) for g in guides), guides.count())
        es_truth = es_snapshot(fresh, fresh.alias)
    finally:
        fresh.drop()
    DatabaseEngine().rebuild((document_for(g) for g in guides), guides.count())
    return embedded_snapshot(), es_truth


def assert_exact(es: ElasticsearchEngine) -> None:
    """Both engines hold exactly what a rebuild from the database would write."""
    embedded, in_es = embedded_snapshot(), es_snapshot(es, es.alias)
    live = set(GuidePage.objects.live().values_list("pk", flat=True))
    assert set(embedded["rows"]) == live and {int(i) for i in in_es} == live
    embedded_truth, es_truth = rebuilt_snapshots(es)
    assert embedded == embedded_truth
    assert in_es == es_truth


# --- a change and its record commit together ----------------------------------------------


@pytest.mark.django_db
def test_a_change_records_its_guides_in_its_own_transaction(
    settings, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        guide = builders.guide(code="469034-QT-961", title="椰子收购登记")
        # Recorded before the commit, with the change: a crash now loses both or neither.
        assert set(PendingUpdate.objects.values_list("page_id", flat=True)) == {guide.pk}
        assert not IndexedGuide.objects.filter(page_id=guide.pk).exists()
    for callback in callbacks:
        callback()
    assert IndexedGuide.objects.get(page_id=guide.pk).title == "椰子收购登记"
    assert not PendingUpdate.objects.exists()


@pytest.mark.django_db
def test_a_change_rolled_back_leaves_no_record(settings):
    settings.ELASTICSEARCH_URL = ""
    guide = GuidePage.objects.live().first()
    with pytest.raises(RuntimeError), transaction.atomic():
        guide.unpublish()
        assert PendingUpdate.objects.filter(page_id=guide.pk).exists()
        raise RuntimeError("the editor's change fails")
    assert not PendingUpdate.objects.exists()


# --- check and repair ---------------------------------------------------------------------


@pytest.fixture
def own_es(settings, es_url):
    """Both engines configured, Elasticsearch under an alias of this test's, freshly built."""
    settings.ELASTICSEARCH_URL = es_url
    settings.SEARCH_INDEX = f"test-outbox-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_TIMEOUT = 15.0
    engine = ElasticsearchEngine()
    call_command("search_index", "rebuild", "--engine", "elasticsearch", stdout=io.StringIO())
    yield engine
    engine.drop()


@pytest.mark.django_db
def test_check_finds_and_repairs_a_broken_index(own_es):
    out = io.StringIO()
    call_command("search_index", "check", stdout=out)
    assert "The index matches the database." in out.getvalue()

    live = list(GuidePage.objects.live().order_by("pk"))
    missing, stale, unpublished = live[0], live[1], live[2]
    # Break both indexes the ways a crash or a stray write would.
    IndexedGuide.objects.filter(page_id=missing.pk).delete()  # its bits stay in the bitmaps
    IndexedGuide.objects.filter(page_id=stale.pk).update(title="旧标题")
    own_es.client.delete(index=own_es.alias, id=str(missing.pk), refresh=True)
    own_es.client.update(
        index=own_es.alias, id=str(stale.pk), doc={"title": "旧标题"}, refresh=True
    )
    GuidePage.objects.filter(pk=unpublished.pk).update(live=False)  # left in both: extra

    out = io.StringIO()
    with pytest.raises(CommandError, match="differs"):
        call_command("search_index", "check", stdout=out)
    report = out.getvalue()
    assert "database: " in report and "elasticsearch: " in report
    for label, guide in (("missing", missing), ("stale", stale), ("extra", unpublished)):
        assert report.count(f"{label}: page {guide.pk} {guide.code}") == 2, report
    assert "term bitmaps wrong" in report  # the deleted row's bits

    out = io.StringIO()
    call_command("search_index", "check", "--repair", stdout=out)
    assert "Repaired: the index matches the database." in out.getvalue()
    assert_exact(own_es)


@pytest.mark.django_db
def test_retry_with_nothing_pending_and_a_failure_left_is_an_error(settings, own_es):
    guide = GuidePage.objects.live().first()
    PendingUpdate.objects.create(page_id=guide.pk)
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(CommandError, match="1 update"):
        call_command("search_index", "retry", stdout=io.StringIO())
    row = PendingUpdate.objects.get()
    assert row.attempts == 1 and row.last_error.startswith("elasticsearch: ")


# --- a kill between the commit and the index write ----------------------------------------


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def killed_while_indexing(args: list[str], alias: str, changed: list[int] | None = None) -> str:
    """Runs ``manage.py <args>`` with an Elasticsearch that accepts and never answers, and
    kills it with SIGKILL once its first index request has arrived; returns that request."""
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(8)
        blackhole.settimeout(120)
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "guidesite.settings.test",
            "DATABASE_URL": database_url(),
            "ELASTICSEARCH_URL": f"http://127.0.0.1:{blackhole.getsockname()[1]}",
            "SEARCH_INDEX": alias,
            "SEARCH_TIMEOUT": "600",
            "SEARCH_WRITE_TIMEOUT": "600",
        }
        log = io.BytesIO()
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            request, _ = blackhole.accept()
            with request:
                first = request.recv(4096).decode("latin-1")
                # The change and its record are committed: visible from this connection.
                if changed is not None:
                    recorded = set(PendingUpdate.objects.values_list("page_id", flat=True))
                    assert set(changed) <= recorded
                process.send_signal(signal.SIGKILL)
                process.wait(30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(30)
        log.write(process.stdout.read())
    assert process.returncode == -signal.SIGKILL, log.getvalue().decode()
    return first


def new_catalogue_rows(codes: list[str]) -> list[dict]:
    template = next(r for r in export_rows() if r["code"] == "469034-GG-001")
    rows = []
    for code in codes:
        row = copy.deepcopy(template)
        row.update(code=code, title=f"槟榔收购备案{code[-3:]}", township="")
        row["offers"] = [
            {
                "service_point": "陵水黎族自治县政务服务中心",
                "modes": ["window"],
                "scope": "county",
                "window": "社会事务窗口",
            }
        ]
        rows.append(row)
    return rows


@pytest.mark.django_db(transaction=True)
def test_a_kill_during_indexing_is_completed_by_retry_on_both_engines(settings, es_url, tmp_path):
    if not GuidePage.objects.exists():  # an earlier transactional test flushed the database
        call_command("load_demo", verbosity=0)
    settings.ELASTICSEARCH_URL = es_url
    settings.SEARCH_INDEX = alias = f"test-kill-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_TIMEOUT = 15.0
    es = ElasticsearchEngine()
    call_command("search_index", "rebuild", stdout=io.StringIO())
    try:
        assert_exact(es)

        # 1. A scheduled new version (a new title) published by Wagtail's command.
        guide = GuidePage.objects.live().order_by("pk").first().specific
        guide.title = "新的标题：" + guide.title
        guide.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
        request = killed_while_indexing(["publish_scheduled"], alias, [guide.pk])
        assert alias in request  # it was writing the index when it died
        assert GuidePage.objects.get(pk=guide.pk).title.startswith("新的标题")
        assert IndexedGuide.objects.get(page_id=guide.pk).title != guide.title  # rolled back
        with pytest.raises(CommandError, match="differs"):
            call_command("search_index", "check", stdout=io.StringIO())
        out = io.StringIO()
        call_command("search_index", "retry", stdout=out)
        assert "0 update(s) still pending" in out.getvalue()
        assert not PendingUpdate.objects.exists()
        assert_exact(es)

        # 2. A catalogue import publishing new guides (the bulk road).
        codes = ["469034-QT-971", "469034-QT-972", "469034-QT-973"]
        path = tmp_path / "catalogue.json"
        path.write_text(json.dumps({"guides": new_catalogue_rows(codes)}, ensure_ascii=False))
        killed_while_indexing(
            ["catalogue", "import", str(path), "--user", "county_admin", "--apply"], alias
        )
        imported = GuidePage.objects.filter(code__in=codes, live=True)
        assert imported.count() == 3  # the import committed
        recorded = set(PendingUpdate.objects.values_list("page_id", flat=True))
        assert set(imported.values_list("pk", flat=True)) <= recorded
        assert not IndexedGuide.objects.filter(page_id__in=imported.values("pk")).exists()
        out = io.StringIO()
        call_command("search_index", "retry", stdout=out)
        assert "0 update(s) still pending" in out.getvalue()
        assert engines.primary().search(Query("槟榔收购备案")).total == 3
        assert_exact(es)
    finally:
        es.drop()
