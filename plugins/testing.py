"""The pytest fixture plugin authors install a plugin in a township with (the self check to
run afterwards is ``selfcheck.testing.self_check``).

    # conftest.py (the project's tests/conftest.py already has it)
    pytest_plugins = ["plugins.testing", "selfcheck.testing"]

    # test_my_plugin.py
    def test_my_rule(enable_plugin, self_check):
        enable_plugin(MANIFEST_TEXT, townships=["469034103000"])
        result = self_check("469034-GG-002", "469034103000", {"my-plugin": {"field": "yes"}})
        assert "my message" in result.reasons

A manifest text is saved as a new version; a package plugin (a ``Plugin`` object) is registered
for the test only. Both are enabled in the named townships with the given values.
"""

from __future__ import annotations

from typing import Any

import pytest

from guides.models import Region
from plugins import registry
from plugins.api import Plugin
from plugins.changes import save_manifest, set_enabled, set_values
from plugins.registry import Entry, Source


@pytest.fixture
def enable_plugin(db, monkeypatch):
    def enable(
        plugin: str | Plugin,
        townships: list[str],
        values: dict[str, Any] | None = None,
        *,
        check: bool = True,
    ) -> str:
        if isinstance(plugin, Plugin):
            extra = Entry(plugin.id, Source.PACKAGE, plugin)
            installed = registry.package_entries()
            monkeypatch.setattr(registry, "package_entries", lambda: (*installed, extra))
            plugin_id = plugin.id
        else:
            plugin_id = save_manifest(plugin).manifest.plugin_id
        for code in townships:
            township = Region.objects.get(code=code)
            set_enabled(township, plugin_id, True, check=check)
            if values:
                set_values(township, plugin_id, values)
        return plugin_id

    return enable
