"""A plugin author's tests: SQLite (in memory under pytest), no Elasticsearch, so a township's
test suite runs anywhere (``guidesite_plugin_testing``, ``plugins/template/``)."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite:///plugin-tests.sqlite3")
os.environ["ELASTICSEARCH_URL"] = ""

from .test import *  # noqa: F403
