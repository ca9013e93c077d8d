"""The change log read as sentences: who changed what, with the values before and after.

``plugins.changes`` stores each change as an action and a detail (``PluginChange``); the detail
carries the plugin's name and a value's label as they were then, so the sentence stays true
after the plugin is renamed or removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plugins.models import PluginChange


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


def sentence(change: PluginChange) -> str:
    """One sentence in the administrator's language saying what the change was."""
    detail = change.detail or {}
    words = {
        "who": who(change),
        "plugin": detail.get("plugin_name") or change.plugin_id,
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
    else:  # an entry written before the log had sentences
        return f"{words['who']} · {change.action} · {words['plugin']}"
    if change.action.startswith("manifest") and words["previous"]:
        text += _(" (version %(previous)s ran before)") % words
    return text
