"""Which engine answers: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded one."""

from __future__ import annotations

from django.conf import settings

from search.engines.base import Engine
from search.engines.database import DatabaseEngine


def embedded() -> DatabaseEngine:
    return DatabaseEngine()


def elasticsearch_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def primary() -> Engine:
    if elasticsearch_configured():
        from search.engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine()
    return embedded()


def all_engines() -> list[Engine]:
    """Every engine an index update must reach: the embedded index is always kept, since it is
    what the public search falls back to."""
    engines: list[Engine] = [embedded()]
    if elasticsearch_configured():
        from search.engines.elastic import ElasticsearchEngine

        engines.append(ElasticsearchEngine())
    return engines
