"""The change log read as sentences: who changed what, with the values before and after.

``plugins.changes`` stores each change as an action and a detail (``PluginChange``); the detail
carries the plugin's name and a value's label as they were then, so the sentence stays true
after the plugin is renamed or removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plugins.api import Plugin
from plugins.models import PluginChange
from plugins.registry import working_plugins


def shown(value: Any) -> str:
    """A value as an administrator wrote it: lists joined with 、, yes/no, empty named."""
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        value = "、".join(map(str, value))
    return f"“{value}”"


def who(change: PluginChange) -> str:
    if change.user is None:
        return _("The system")
    return change.user.get_full_name() or change.user.get_username()


def value_changes(plugin: Plugin | None, detail: dict[str, Any]) -> list[str]:
    """“label” from before to after, for each value an old all-values row changed. Those rows
    kept the stored values only, so a value the township had never set reads as empty before;
    labels come from the plugin as it is now (the value's name where it is gone)."""
    before, after = detail.get("before") or {}, detail.get("after") or {}
    labels = {value.name: value.label for value in plugin.values} if plugin else {}
    named = {*before, *after}
    in_order = [name for name in labels if name in named] + sorted(named - set(labels))
    return [
        _("“%(label)s” from %(before)s to %(after)s")
        % {
            "label": labels.get(name, name),
            "before": shown(before.get(name)),
            "after": shown(after.get(name)),
        }
        for name in in_order
        if before.get(name) != after.get(name)
    ]


def sentence(change: PluginChange) -> str:
    """One sentence in the administrator's language saying what the change was."""
    detail = change.detail or {}
    # Rows keep the plugin's name as it was; rows written before 7129f53 did not, so the plugin as
    # it is now stands in (looked up only for those: it reads the manifests).
    plugin = None if detail.get("plugin_name") else working_plugins().get(change.plugin_id)
    words = {
        "who": who(change),
        "plugin": detail.get("plugin_name") or (plugin.name if plugin else change.plugin_id),
        "township": change.township.name if change.township else "",
        "version": detail.get("version"),
        "previous": detail.get("previous"),
    }
    if change.action == "manifest saved":
        text = _("%(who)s saved version %(version)s of “%(plugin)s”; it runs at once") % words
    elif change.action == "manifest rolled back":
        text = _("%(who)s rolled “%(plugin)s” back to version %(version)s") % words
    elif change.action == "enabled":
        text = _("%(who)s enabled “%(plugin)s” in %(township)s") % words
    elif change.action == "disabled":
        text = _("%(who)s disabled “%(plugin)s” in %(township)s") % words
    elif change.action == "value changed":
        words.update(
            label=detail.get("label") or detail.get("value"),
            before=shown(detail.get("before")),
            after=shown(detail.get("after")),
        )
        text = (
            _(
                "%(who)s changed “%(label)s” of “%(plugin)s” in %(township)s from %(before)s to "
                "%(after)s"
            )
            % words
        )
    elif change.action == "values changed":  # all values in one row: rows written before 7129f53
        text = _("%(who)s changed %(changes)s of “%(plugin)s” in %(township)s") % {
            **words,
            "changes": "，".join(value_changes(plugin, detail)),
        }
    else:
        return f"{words['who']} · {change.action} · {words['plugin']}"
    if change.action.startswith("manifest") and words["previous"]:
        text += _(" (version %(previous)s ran before)") % words
    return text
