"""A plugin author's tests: SQLite, no Elasticsearch, so a township's test suite runs anywhere
(``guidesite_plugin_testing``, ``plugins/template/``)."""

import os
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "sqlite:///plugin-tests.sqlite3")
os.environ["ELASTICSEARCH_URL"] = ""

from .test import *  # noqa: F403

# Where the demo county's test database is kept between runs (pytest --reuse-db): each session
# runs on a copy of its own (guidesite_plugin_testing.demo_database).
_cache_home = os.environ.get("XDG_CACHE_HOME", "")
DEMO_DATABASE_CACHE = (
    Path(_cache_home) if os.path.isabs(_cache_home) else Path.home() / ".cache"
) / "guidesite-plugin-tests"
