"""Keeping the indexes right: editors' changes reach both engines after commit; a failure to
reach Elasticsearch is queued and retried, never fails the save; the rebuild command switches
an alias; the admin shows the zero-result report."""

# The engine fixtures come from tests/search_engines.py (registered in tests/conftest.py).

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from guides.models import GuideIndexPage, ServicePoint, TownshipSection
from search import engines
from search.engines.base import Query
from search.engines.elastic import ElasticsearchEngine
from search.models import PendingUpdate, QueryLog, Synonym
from tests import builders
from tests.search_engines import closed_port, use_engine

pytestmark = pytest.mark.django_db

LIAN, YINGZHOU = "469034108000", "469034103000"  # 黎安镇, 英州镇


def found(code: str, query: str) -> dict[str, bool]:
    """Whether each configured engine finds the guide ``code`` for ``query``."""
    return {
        engine.name: code in [hit.code for hit in engine.search(Query(query)).hits]
        for engine in engines.all_engines()
    }


@pytest.fixture
def with_elasticsearch(settings, request):
    use_engine(settings, "elasticsearch", request)


def test_publish_unpublish_and_delete_reach_both_engines(
    with_elasticsearch, settings, django_capture_on_commit_callbacks
):
    # The production timeouts: a write waits for the index to refresh, longer than a search.
    settings.SEARCH_TIMEOUT, settings.SEARCH_WRITE_TIMEOUT = 1.0, 10.0
    with django_capture_on_commit_callbacks(execute=True):
        guide = builders.guide(code="469034-QT-951", title="榴莲种植补贴申领")
    try:
        assert found(guide.code, "榴莲种植补贴") == {"database": True, "elasticsearch": True}
        with django_capture_on_commit_callbacks(execute=True):
            guide.unpublish()
        assert found(guide.code, "榴莲种植补贴") == {"database": False, "elasticsearch": False}
        with django_capture_on_commit_callbacks(execute=True):
            guide.save_revision().publish()
        assert found(guide.code, "榴莲种植补贴") == {"database": True, "elasticsearch": True}
        with django_capture_on_commit_callbacks(execute=True):
            guide.delete()
        assert found(guide.code, "榴莲种植补贴") == {"database": False, "elasticsearch": False}
        assert not PendingUpdate.objects.exists()
    finally:
        engines.primary().remove([guide.pk])


def test_elasticsearch_down_queues_the_update_and_retry_writes_it(
    with_elasticsearch, settings, es_url, django_capture_on_commit_callbacks
):
    point = ServicePoint.objects.get(name="黎安镇便民服务中心")
    codes_here = set(point.offers.values_list("guide__code", flat=True))
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    with django_capture_on_commit_callbacks(execute=True):
        point.phone = "0898-83000000"
        point.save()  # the editor's save stands although Elasticsearch is down
    assert ServicePoint.objects.get(pk=point.pk).phone == "0898-83000000"
    pending = set(PendingUpdate.objects.values_list("page_id", flat=True))
    assert pending == set(point.offers.values_list("guide_id", flat=True)) and codes_here
    assert "Connection" in PendingUpdate.objects.first().last_error

    settings.ELASTICSEARCH_URL = es_url  # the node is back
    out = io.StringIO()
    call_command("search_index", "retry", stdout=out)
    assert "0 update(s) still pending" in out.getvalue()
    assert not PendingUpdate.objects.exists()


def test_rebuild_switches_the_alias_to_a_complete_new_index(settings, es_url):
    settings.ELASTICSEARCH_URL = es_url
    settings.SEARCH_INDEX = "test-rebuild-" + timezone.now().strftime("%H%M%S%f")
    engine = ElasticsearchEngine(timeout=30)
    try:
        out = io.StringIO()
        call_command("search_index", "rebuild", "--engine", "elasticsearch", stdout=out)
        first = list(engine.client.indices.get_alias(name=engine.alias))
        call_command("search_index", "rebuild", "--engine", "elasticsearch", stdout=out)
        second = list(engine.client.indices.get_alias(name=engine.alias))
        assert len(first) == len(second) == 1 and first != second
        assert not engine.client.indices.exists(index=first[0])  # the old index is gone
        total = engine.client.count(index=engine.alias)["count"]
        assert f"{total}/{total}" in out.getvalue() and "#" * 30 in out.getvalue()
        assert engine.search(Query("结婚登记")).hits[0].code == "469034-QR-006"
    finally:
        engine.drop()


def test_rebuild_of_an_unconfigured_engine_is_an_error(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(Exception, match="not configured"):
        call_command("search_index", "rebuild", "--engine", "elasticsearch")


def test_admin_report_of_zero_result_queries(admin_client):
    QueryLog.objects.create(query="臭豆腐摊", total=0, engine="database", latency_ms=3)
    QueryLog.objects.create(query="臭豆腐摊", total=0, engine="database", latency_ms=3)
    QueryLog.objects.create(query="结婚登记", total=1, engine="database", latency_ms=3)
    old = QueryLog.objects.create(query="去年的词", total=0, engine="database", latency_ms=3)
    QueryLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    html = admin_client.get("/admin/search/zero-results/").content.decode()
    assert "臭豆腐摊" in html and "去年的词" not in html and "结婚登记" not in html


def test_synonyms_and_best_bets_are_edited_in_the_admin(admin_client):
    assert admin_client.get("/admin/snippets/search/synonym/").status_code == 200
    assert admin_client.get("/admin/snippets/search/bestbet/").status_code == 200
    response = admin_client.post(
        "/admin/snippets/search/synonym/add/", {"phrase": "椰子冻摊", "means": "食品经营许可"}
    )
    assert response.status_code == 302
    assert Synonym.objects.get(phrase="椰子冻摊").meaning_list == ["食品经营许可"]


def hit_urls(code: str) -> dict[str, str | None]:
    """The address each engine gives for the guide ``code`` when searched by its code."""
    urls = {}
    for engine in engines.all_engines():
        hits = [hit for hit in engine.search(Query(code)).hits if hit.code == code]
        urls[engine.name] = hits[0].url if hits else None
    return urls


def test_moving_a_guide_or_its_section_updates_its_address_in_both_engines(
    with_elasticsearch, django_capture_on_commit_callbacks
):
    lian, yingzhou = (TownshipSection.objects.get(township__code=code) for code in (LIAN, YINGZHOU))
    with django_capture_on_commit_callbacks(execute=True):
        guide = builders.guide(code="469034-QT-952", title="槟榔种植技术咨询")
        guide.move(lian, pos="last-child")
    try:
        guide.refresh_from_db()
        assert hit_urls(guide.code) == {"database": guide.url, "elasticsearch": guide.url}

        was = guide.url
        with django_capture_on_commit_callbacks(execute=True):
            guide.move(yingzhou, pos="last-child")
        guide.refresh_from_db()
        assert guide.url != was
        assert hit_urls(guide.code) == {"database": guide.url, "elasticsearch": guide.url}

        # A section moved elsewhere in the tree takes its guides' addresses with it.
        was = guide.url
        with django_capture_on_commit_callbacks(execute=True):
            yingzhou.move(builders.home(), pos="last-child")
        guide.refresh_from_db()
        assert guide.url != was
        assert hit_urls(guide.code) == {"database": guide.url, "elasticsearch": guide.url}
    finally:
        # The database rolls back after the test; the session's Elasticsearch index does not.
        with django_capture_on_commit_callbacks(execute=True):
            guide.delete()
            yingzhou.refresh_from_db()
            yingzhou.move(GuideIndexPage.objects.get(), pos="last-child")
