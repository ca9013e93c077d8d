"""Changing plugins: saving and rolling back manifests, enabling them in a township, setting a
township's values. Each change is checked, applied in one transaction and logged (who, when,
what). Callers check permissions (``plugins.edit_manifests``, ``plugins.manage_township``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from guides.models import Region
from plugins.api import Plugin, ValueType
from plugins.checks import check_manifest, check_plugin, errors_of
from plugins.manifest import ManifestError, Problem, load_manifest
from plugins.models import Manifest, ManifestVersion, PluginChange, TownshipPlugin
from plugins.registry import package_entries, working_plugins


class ChangeError(ValueError):
    pass


@transaction.atomic
def save_manifest(source: str, user=None) -> ManifestVersion:
    """Store a new version and run it; a text with any error (``plugins.checks``: syntax,
    schema or meaning) raises ManifestError and changes nothing, so the previous version keeps
    running. Warnings do not stop it."""
    plugin, problems = check_manifest(source)
    if plugin is None or errors_of(problems):
        raise ManifestError(errors_of(problems))
    if any(entry.id == plugin.id for entry in package_entries()):
        raise ManifestError(
            [Problem(None, "id", f"{plugin.id!r} is taken by an installed package")]
        )
    manifest, _created = Manifest.objects.select_for_update().get_or_create(plugin_id=plugin.id)
    if manifest.current is not None and manifest.current.source == source:
        return manifest.current
    number = (manifest.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ManifestVersion.objects.create(
        manifest=manifest, number=number, source=source, created_by=user
    )
    previous = manifest.current.number if manifest.current else None
    manifest.current = version
    manifest.save(update_fields=["current"])
    log(
        user,
        plugin.id,
        "manifest saved",
        {"version": number, "previous": previous, "plugin_name": plugin.name},
    )
    return version


@transaction.atomic
def roll_back(version: ManifestVersion, user=None) -> None:
    # read afresh: the version's cached manifest may predate later saves
    manifest = Manifest.objects.select_for_update().get(pk=version.manifest_id)
    previous = manifest.current.number if manifest.current else None
    manifest.current = version
    manifest.save(update_fields=["current"])
    log(
        user,
        manifest.plugin_id,
        "manifest rolled back",
        {
            "version": version.number,
            "previous": previous,
            "plugin_name": load_manifest(version.source).name,
        },
    )


def plugin_for(plugin_id: str) -> Plugin:
    plugin = working_plugins().get(plugin_id)
    if plugin is None:
        raise ChangeError(_("No working plugin “%(id)s”.") % {"id": plugin_id})
    return plugin


@transaction.atomic
def set_enabled(
    township: Region, plugin_id: str, enabled: bool, user=None, *, check: bool = True
) -> TownshipPlugin:
    """Enable or disable a plugin in a township. Enabling checks the plugin first
    (``plugins.checks``); ``check=False`` only for tests of what happens when a plugin that
    passed breaks later (a partner's service goes down)."""
    plugin = plugin_for(plugin_id)
    if enabled and not plugin.may_enable_in(township.code):
        raise ChangeError(
            _("“%(plugin)s” is not made for %(township)s.")
            % {"plugin": plugin.name, "township": township.name}
        )
    if enabled and check:
        # A package is never checked on upload, and matters' materials change after a manifest
        # was saved: whatever would deny every applicant is refused here, before it runs.
        errors = errors_of(check_plugin(plugin))
        if errors:
            raise ChangeError("\n".join(f"{plugin.name}: {problem}" for problem in errors))
    setting, _created = TownshipPlugin.objects.get_or_create(township=township, plugin_id=plugin_id)
    if setting.enabled != enabled:
        setting.enabled = enabled
        setting.save(update_fields=["enabled"])
        action = "enabled" if enabled else "disabled"
        log(user, plugin_id, action, {"plugin_name": plugin.name}, township)
    return setting


def clean_values(plugin: Plugin, raw: dict[str, Any]) -> dict[str, Any]:
    """The values as their declared types; ChangeError names each wrong one."""
    declared = {value.name: value for value in plugin.values}
    cleaned, problems = {}, []
    for name, given in raw.items():
        value = declared.get(name)
        if value is None:
            problems.append(
                _("“%(plugin)s” declares no value “%(name)s”.")
                % {"plugin": plugin.name, "name": name}
            )
            continue
        words = {"label": value.label}
        if value.type == ValueType.LIST and isinstance(given, str):
            cleaned[name] = [
                item.strip() for item in given.replace("，", ",").split(",") if item.strip()
            ]
        elif value.type == ValueType.LIST and isinstance(given, list):
            cleaned[name] = [str(item) for item in given]
        elif value.type == ValueType.NUMBER and isinstance(given, int | float | str):
            try:
                cleaned[name] = float(given) if "." in str(given) else int(given)
            except ValueError:
                problems.append(_("“%(label)s” must be a number.") % words)
        elif value.type == ValueType.BOOLEAN:
            cleaned[name] = given in (True, "true", "on", "1", 1)
        elif value.type == ValueType.TEXT:
            cleaned[name] = str(given)
        else:
            problems.append(_("“%(label)s” must be %(type)s.") % {**words, "type": value.type})
    if problems:
        raise ChangeError("；".join(problems))
    return cleaned


@transaction.atomic
def set_values(township: Region, plugin_id: str, raw: dict[str, Any], user=None) -> TownshipPlugin:
    """Set the township's values given in ``raw``; only those that differ from what applies now
    (the saved value, else the plugin's default) are stored, each logged with before and after."""
    plugin = plugin_for(plugin_id)
    values = clean_values(plugin, raw)
    setting, _created = TownshipPlugin.objects.get_or_create(township=township, plugin_id=plugin_id)
    applying = {**plugin.default_values(), **setting.values}
    changed = {name: value for name, value in values.items() if applying.get(name) != value}
    if changed:
        setting.values = {**setting.values, **changed}
        setting.save(update_fields=["values"])
    labels = {value.name: value.label for value in plugin.values}
    for name, value in changed.items():
        detail = {
            "plugin_name": plugin.name,
            "value": name,
            "label": labels[name],
            "before": applying.get(name),
            "after": value,
        }
        log(user, plugin_id, "value changed", detail, township)
    return setting


def log(user, plugin_id: str, action: str, detail: dict, township: Region | None = None) -> None:
    PluginChange.objects.create(
        user=user if getattr(user, "pk", None) else None,
        plugin_id=plugin_id,
        township=township,
        action=action,
        detail=detail,
    )
