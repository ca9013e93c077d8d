"""Trying a plugin before it is enabled: the self check with the plugin and without it.

The self check lives above this app (``selfcheck`` imports ``plugins``), so this module cannot
call it. Instead the self check registers itself here when it is installed
(``selfcheck.apps.SelfCheckConfig.ready`` calls ``register_precheck``), the way Django apps plug
into each other's signals: ``manage.py plugins try`` and the admin's preview stay next to
``plugins check`` and the manifest editor, and the dependency still points down.

Within ``plugins.registry.trying`` the registry sees the tried plugin as enabled in the given
townships (and within ``leaving_out`` it is hidden even where it is enabled): a context
variable, so nothing is written to the database, no other request or thread sees the trial, and
a draft can be tried on the live site before it runs for citizens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from guides.models import Region
from plugins.api import Plugin
from plugins.changes import ChangeError, clean_values
from plugins.registry import leaving_out, trying


@dataclass(frozen=True)
class Outcome:
    """What the self check said, as plain text to compare (a ``selfcheck`` result, summed up)."""

    eligible: bool
    complete: bool
    reasons: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)  # "name（status）"
    fields: list[str] = field(default_factory=list)  # "plugin.field：label"
    problems: list[str] = field(default_factory=list)


# (guide code, township or village code, point pk or None, answers) -> Outcome
PrecheckRunner = Callable[[str, str, int | None, dict[str, Any]], Outcome]
_runner: list[PrecheckRunner] = []


class TrialError(ValueError):
    """A trial that cannot run; the message says why, in the administrator's language."""


def register_precheck(runner: PrecheckRunner) -> None:
    """Called once by the self check app: how a trial runs the real self check."""
    _runner[:] = [runner]


def compare(
    plugin: Plugin,
    *,
    matter: str,
    township: str,
    plugin_township: str,
    point: int | None = None,
    answers: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> tuple[Outcome, Outcome]:
    """The self check for ``matter`` and a resident of ``township`` (a township or village
    code), without ``plugin`` and with it enabled in ``plugin_township``."""
    if not _runner:
        raise TrialError("自助预审（selfcheck 应用）未安装，无法试运行。")
    run = _runner[0]
    with leaving_out(plugin.id):
        without = run(matter, township, point, answers or {})
    with trying(plugin, {plugin_township}, values):
        with_plugin = run(matter, township, point, answers or {})
    return without, with_plugin


def answers_for(plugin: Plugin, given: dict[str, Any]) -> dict[str, Any]:
    """The self check's answers (keyed by plugin id): the tried plugin's own field names may be
    given at the top level, ``{"area": 30}`` for ``{"<plugin id>": {"area": 30}}``."""
    own = {fld.name for fld in plugin.fields}
    answers = {key: value for key, value in given.items() if key not in own}
    mine = {key: value for key, value in given.items() if key in own}
    if mine:
        answers[plugin.id] = {**(answers.get(plugin.id) or {}), **mine}
    return answers


def rows(without: Outcome, with_plugin: Outcome) -> list[tuple[str, list[str], list[str]]]:
    """The two outcomes as (heading, without, with) rows, in the order the applicant reads."""

    def verdict(outcome: Outcome) -> list[str]:
        if not outcome.complete:
            return ["预审未完成（有规则出错）"]
        return ["可以办理" if outcome.eligible else "不能办理"]

    return [
        ("能否办理", verdict(without), verdict(with_plugin)),
        ("原因", without.reasons, with_plugin.reasons),
        ("材料", without.materials, with_plugin.materials),
        ("问题", without.fields, with_plugin.fields),
        ("回答有误", without.problems, with_plugin.problems),
    ]


def run_trial(
    plugin: Plugin,
    *,
    matter: str,
    township: str,
    point: int | None = None,
    answers: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> tuple[Region, Outcome, Outcome]:
    """The self check for a resident of ``township`` (a township or village code) without the
    plugin and with it enabled in that township; TrialError says what is wrong with the input.
    ``answers`` as ``answers_for`` takes them; ``values`` as the township form gives them."""
    region = Region.objects.filter(code=township).first()
    if region is None:
        raise TrialError(f"没有区划代码为 {township} 的乡镇或村（社区）。")
    home = region.township or region
    if not plugin.may_enable_in(home.code):
        raise TrialError(f"{plugin.name} 不是为{home.name}制作的，不能在那里启用。")
    try:
        cleaned = clean_values(plugin, values or {})
    except ChangeError as error:
        raise TrialError(str(error)) from None
    without, with_plugin = compare(
        plugin,
        matter=matter,
        township=region.code,
        plugin_township=home.code,
        point=point,
        answers=answers_for(plugin, answers or {}),
        values=cleaned,
    )
    return home, without, with_plugin
