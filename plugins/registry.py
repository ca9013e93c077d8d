"""Every plugin the site knows, where it came from, and whether it works.

Package plugins are found once per process through the ``guides.plugins`` entry point group; one
that fails to import or declares another plugin API version is listed with its error and never
runs. Manifest plugins are read from the database on each use (compiled once per stored
version), so saving, rolling back or enabling takes effect at once, without a deploy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from plugins.api import ENTRY_POINT_GROUP, PLUGIN_API_VERSION, Plugin
from plugins.manifest import ManifestError, load_manifest

logger = logging.getLogger(__name__)


class Source:
    PACKAGE = "package"
    MANIFEST = "manifest"


@dataclass(frozen=True)
class Entry:
    """A plugin as installed: ``plugin`` is None when it failed, and ``error`` says why."""

    id: str
    source: str
    plugin: Plugin | None
    error: str = ""
    module: str = ""  # package plugins: the module the entry point names

    @property
    def ok(self) -> bool:
        return self.plugin is not None


def load_entry_point(entry_point) -> Entry:
    module = entry_point.value.split(":")[0]
    try:
        obj = entry_point.load()
        plugin = obj if isinstance(obj, Plugin) else obj()
        if not isinstance(plugin, Plugin):
            raise TypeError(f"{entry_point.value} gave {type(plugin).__name__}, not a Plugin")
    except Exception as error:  # a broken plugin must not stop the site
        logger.warning("plugin %s failed to load: %r", entry_point.name, error)
        return Entry(
            entry_point.name, Source.PACKAGE, None, f"{type(error).__name__}: {error}", module
        )
    if not plugin.supports_api():
        error = (
            f"supports plugin API {', '.join(plugin.api_versions) or 'none'}; "
            f"this site runs {PLUGIN_API_VERSION}"
        )
        return Entry(plugin.id, Source.PACKAGE, None, error, module)
    return Entry(plugin.id, Source.PACKAGE, plugin, module=module)


@cache
def package_entries() -> tuple[Entry, ...]:
    return tuple(load_entry_point(ep) for ep in entry_points(group=ENTRY_POINT_GROUP))


@cache
def compiled_manifest(version_pk: int, source: str) -> Plugin:
    return load_manifest(source)


def manifest_entries() -> list[Entry]:
    from plugins.models import Manifest

    entries = []
    for manifest in Manifest.objects.select_related("current").exclude(current=None):
        try:
            plugin = compiled_manifest(manifest.current.pk, manifest.current.source)
        except ManifestError as error:
            entries.append(Entry(manifest.plugin_id, Source.MANIFEST, None, str(error)))
            continue
        entries.append(Entry(plugin.id, Source.MANIFEST, plugin))
    return entries


def all_entries() -> list[Entry]:
    return [*package_entries(), *manifest_entries()]


def working_plugins() -> dict[str, Plugin]:
    return {entry.id: entry.plugin for entry in all_entries() if entry.ok}


@dataclass(frozen=True)
class Trial:
    """A plugin enabled for one self check only (``plugins.trial``), or one left out."""

    plugin: Plugin | None = None  # enabled for the trial in ``townships``
    townships: frozenset[str] = frozenset()
    values: dict[str, Any] = field(default_factory=dict)
    left_out: str = ""  # a plugin id treated as enabled nowhere


_trial: ContextVar[Trial | None] = ContextVar("plugin_trial", default=None)


def current_trial() -> Trial | None:
    return _trial.get()


@contextmanager
def trying(
    plugin: Plugin, townships: set[str], values: dict[str, Any] | None = None
) -> Iterator[None]:
    """Within the block, ``plugin`` is enabled in ``townships`` (with its defaults overridden by
    ``values``) and not elsewhere, whatever the database says."""
    token = _trial.set(Trial(plugin, frozenset(townships), values or {}, plugin.id))
    try:
        yield
    finally:
        _trial.reset(token)


@contextmanager
def leaving_out(plugin_id: str) -> Iterator[None]:
    """Within the block, the plugin is enabled nowhere."""
    token = _trial.set(Trial(left_out=plugin_id))
    try:
        yield
    finally:
        _trial.reset(token)


def enabled_in(township_codes: set[str]) -> list[tuple[Plugin, dict[str, dict[str, Any]]]]:
    """The working plugins enabled in any of these townships, each with its values by the code
    of each township where it is enabled (its defaults overridden by that township's values)."""
    from plugins.models import TownshipPlugin

    settings = TownshipPlugin.objects.filter(
        township__code__in=township_codes, enabled=True
    ).values_list("plugin_id", "township__code", "values")
    plugins = working_plugins()
    found: dict[str, dict[str, dict[str, Any]]] = {}
    trial = current_trial()
    for plugin_id, code, values in settings.order_by("plugin_id", "township__code"):
        plugin = plugins.get(plugin_id)
        if plugin is not None and not (trial and trial.left_out == plugin_id):
            found.setdefault(plugin_id, {})[code] = {**plugin.default_values(), **values}
    if trial and trial.plugin is not None:  # plugins.trial: enabled for this check only
        plugins[trial.plugin.id] = trial.plugin
        for code in trial.townships & township_codes:
            defaults = trial.plugin.default_values()
            found.setdefault(trial.plugin.id, {})[code] = {**defaults, **trial.values}
    return [(plugins[plugin_id], by_township) for plugin_id, by_township in found.items()]
