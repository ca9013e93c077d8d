"""Checking what a plugin means, not only how it is written, before it can run for citizens.

``plugins check``, the admin upload and enabling a plugin in a township all use this module, so
they judge alike. ``check_manifest`` reads a manifest (syntax and schema: ``plugins.manifest``)
and then ``check_plugin`` checks its meaning:

- every condition against the declared fields and values, typed (``plugins.condition_types``);
- every ``$name`` in a message against the declared values, and every numbered window a
  message names (``2号跨镇通办窗口``) against the windows the site's service points have;
- every ``material`` of a commitment, deferral or waiver rule against the materials of the
  matters the plugin applies to (the self check matches a material whose name contains it);
- nothing that would deny every applicant: an eligibility rule without a condition, or an
  acceptance rule that refuses every place;
- a package's Python conditions, which cannot be read, are run on sample answers of the
  declared types (each optional or conditional answer also as ``null``): one that raises is a
  problem.

Each problem names its line (manifests) and path and says what to change; a warning does not
stop a plugin, an error does.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Callable
from string import Template
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from plugins.api import Field, FieldType, Plugin, RuleKind, ValueType
from plugins.cel_syntax import Unsupported, parse
from plugins.condition_types import check_condition, variable_types
from plugins.expressions import Expression
from plugins.manifest import ManifestError, Problem, line_of, load_manifest, path_text
from plugins.manifest import parse as parse_manifest

Locate = Callable[[list[str | int]], int | None]
# A window as a message names it: a number (2号) and a few characters ending in 窗口. Only
# numbered windows are checked: without a number, "由窗口核查" names no particular window.
WINDOW_NAMED = re.compile(r"(\d+)\s*号\s*([\u4e00-\u9fff]{0,8}窗口)")
MAX_SAMPLES = 64
# A plugin for a matter or two: its materials are few enough to list when a name is wrong.
MAX_LISTED_MATERIALS = 15
# A Python rule may take up to its budget on each sample: fewer of them.
MAX_PYTHON_SAMPLES = 16


def nowhere(path: list[str | int]) -> int | None:
    return None


def check_manifest(text: str) -> tuple[Plugin | None, list[Problem]]:
    """The plugin a manifest describes (None when it cannot be read) and every problem in it,
    errors and warnings, each with its line and path."""
    try:
        plugin = load_manifest(text)
    except ManifestError as error:
        return None, error.problems
    _data, node = parse_manifest(text)
    return plugin, check_plugin(plugin, lambda path: line_of(node, path))


def errors_of(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.warning]


def check_plugin(plugin: Plugin, locate: Locate = nowhere) -> list[Problem]:
    """Every problem with the meaning of a plugin (see the module docstring)."""
    problems: list[Problem] = []

    def add(path: list[str | int], message: str, warning: bool = False) -> None:
        problems.append(Problem(locate(path), path_text(path), message, warning))

    check_townships(plugin, add)
    check_conditions(plugin, add)
    check_messages(plugin, add)
    check_materials(plugin, add)
    check_denies_everyone(plugin, add)
    check_python_conditions(plugin, add)
    return problems


def check_conditions(plugin: Plugin, add) -> None:
    guarded_by_shown = {
        " ".join(fld.shown_when.source.split()): f"answers.{fld.name}"
        for fld in plugin.fields
        if fld.required and isinstance(fld.shown_when, Expression)
    }
    conditions = [
        (["fields", index, "shown_when"], fld.shown_when, plugin.fields[:index])
        for index, fld in enumerate(plugin.fields)
    ] + [(["rules", index, "when"], rule.when, None) for index, rule in enumerate(plugin.rules)]
    for path, condition, earlier in conditions:
        if not isinstance(condition, Expression):
            continue
        try:
            tree = parse(condition.source)
        except Unsupported:
            continue  # the runtime compiled it; it still fails closed if it goes wrong
        variables = variable_types(plugin, earlier)
        for finding in check_condition(condition.source, tree, variables, guarded_by_shown):
            add(path, finding.message, finding.warning)


def check_messages(plugin: Plugin, add) -> None:
    declared = {value.name for value in plugin.values}
    for index, rule in enumerate(plugin.rules):
        allowed = declared | ({"days"} if rule.kind == RuleKind.DEFERRAL else set())
        for match in Template.pattern.finditer(rule.message):
            name = match["named"] or match["braced"]
            if name and name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.5)
                message = _(
                    "The message names $%(name)s, but this plugin declares no value “%(name)s” "
                    "(declared: %(declared)s); the applicant would read “$%(name)s”."
                ) % {"name": name, "declared": "、".join(sorted(allowed)) or _("none")}
                if close:
                    message += _("Did you mean $%(name)s?") % {"name": close[0]}
                add(["rules", index, "message"], message)
        check_windows_named(rule.message, ["rules", index, "message"], add)


def site_windows() -> set[tuple[str, str]]:
    """Every window a service point has, as (number without 号, name)."""
    from guides.models import Window

    return {
        (number.strip().removesuffix("号"), name)
        for number, name in Window.objects.values_list("number", "name")
    }


def check_windows_named(message: str, path: list[str | int], add) -> None:
    """A message may not send the applicant to a window no hall has (the self check names the
    right window of the chosen point itself)."""
    windows = None
    for match in WINDOW_NAMED.finditer(message):
        number, text = match[1], match[2]
        windows = windows if windows is not None else site_windows()
        if any(number == known and text.endswith(name) for known, name in windows):
            continue
        add(
            path,
            _(
                "The message sends the applicant to “%(window)s”, but no service point has that "
                "window. Leave the window out (the self check names the chosen point's window) "
                "or write one a point really has."
            )
            % {"window": match[0].strip()},
        )


def matter_materials(plugin: Plugin) -> tuple[int, set[str]]:
    """How many matters the plugin applies to, and their materials' names."""
    from guides.models import GuidePage, Material

    selector = plugin.matters
    guides = GuidePage.objects.all()
    if selector.codes or selector.themes or selector.matter_types:
        guides = guides.filter(
            Q(code__in=selector.codes)
            | Q(themes__slug__in=selector.themes)
            | Q(matter_type__in=selector.matter_types)
        ).distinct()
    names = set(Material.objects.filter(guide__in=guides).values_list("name", flat=True))
    return guides.count(), names


def check_townships(plugin: Plugin, add) -> None:
    """A township code that is no township of the site is always a typo: the plugin could never
    be enabled where its author meant it to run."""
    from guides.models import Region

    if not plugin.townships:
        return
    townships = dict(Region.objects.filter(level=Region.Level.TOWNSHIP).values_list("code", "name"))
    for index, code in enumerate(plugin.townships):
        if code in townships:
            continue
        # Codes differ in a digit or two, so a "nearest" code would point at the wrong township:
        # a county has a dozen, all listed.
        message = _("No township on this site has the code “%(code)s”.") % {"code": code}
        message += _("The townships are: %(townships)s.") % {
            "townships": "、".join(f"{name} {code}" for code, name in sorted(townships.items()))
        }
        add(["townships", index], message)


def quoted(names: list[str]) -> str:
    """Material names, each in quotation marks: the names themselves hold 、."""
    return "、".join(f"“{name}”" for name in names)


def check_matters(plugin: Plugin, matters: int, add) -> None:
    """Each unknown code of ``matters.codes`` named with the close ones, and a selector that
    selects none of the site's ``matters`` (their number). Warnings, not errors: a matter may be
    published after the plugin is written."""
    from guides.models import GuidePage

    selector = plugin.matters
    found = set(GuidePage.objects.filter(code__in=selector.codes).values_list("code", flat=True))
    unknown = [(index, code) for index, code in enumerate(selector.codes) if code not in found]
    known = dict(GuidePage.objects.values_list("code", "title")) if unknown else {}
    for index, code in unknown:
        message = _("No matter on this site has the code “%(code)s”.") % {"code": code}
        # Codes differ in a digit, so show every close one with its name: the author knows theirs.
        if close := difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.8):
            message += _("Close codes: %(codes)s.") % {
                "codes": "、".join(f"{near}（{known[near]}）" for near in close)
            }
        add(["matters", "codes", index], message, warning=True)
    if (selector.codes or selector.themes or selector.matter_types) and not matters:
        add(
            ["matters"],
            _("No matter on this site matches “matters”: check the codes, theme slugs and types."),
            warning=True,
        )


def check_materials(plugin: Plugin, add) -> None:
    """The matters the plugin selects (``check_matters``), then each material rule against
    their materials (the self check changes every material whose name contains ``material``)."""
    matters, names = matter_materials(plugin)
    check_matters(plugin, matters, add)
    selector = plugin.matters
    if not matters and (selector.codes or selector.themes or selector.matter_types):
        return  # every material would be "not found": the matters are what to fix
    for index, rule in enumerate(plugin.rules):
        if rule.kind not in RuleKind.ON_MATERIAL:
            continue
        matched = sorted(name for name in names if rule.material in name)
        if len(matched) > 1:
            add(
                ["rules", index, "material"],
                _(
                    "“%(material)s” is part of %(count)d materials, and the rule changes them all: "
                    "%(names)s. Write more of the one you mean."
                )
                % {"material": rule.material, "count": len(matched), "names": quoted(matched)},
                warning=True,
            )
        if matched:
            continue
        message = _(
            "No material of the matters this plugin applies to contains “%(material)s”, so the "
            "rule would change nothing. Write a part of the material's name as the guide has it."
        ) % {"material": rule.material}
        if len(names) <= MAX_LISTED_MATERIALS:
            message += _("The materials are: %(names)s.") % {"names": quoted(sorted(names))}
        elif close := difflib.get_close_matches(rule.material, sorted(names), n=3, cutoff=0.3):
            message += _("Close: %(names)s.") % {"names": quoted(close)}
        add(["rules", index, "material"], message)


def check_denies_everyone(plugin: Plugin, add) -> None:
    for index, rule in enumerate(plugin.rules):
        unconditional = not isinstance(rule.when, Expression) and rule.when.__name__ == "always"
        unconditional |= isinstance(rule.when, Expression) and rule.when.source.strip() == "true"
        if not unconditional:
            continue
        if rule.kind == RuleKind.ELIGIBILITY:
            add(
                ["rules", index],
                _(
                    "An eligibility rule without a condition (“when”) turns away every "
                    "applicant. Add the condition under which the applicant may not apply."
                ),
            )
        elif rule.kind == RuleKind.ACCEPTANCE and rule.effect == "refuse":
            add(
                ["rules", index],
                _(
                    "An acceptance rule that refuses without a condition (“when”) takes every "
                    "place off the list. Add the condition, e.g. point.kind == "
                    '"village_station".'
                ),
            )


SAMPLE_ANSWERS = {
    FieldType.TEXT: "示例",
    FieldType.NUMBER: 1,
    FieldType.DATE: "2026-01-01",
    FieldType.YESNO: True,
    FieldType.ID_CARD: "11010519491231002X",
    FieldType.PHONE: "13812345678",
}
SAMPLE_VALUES = {ValueType.TEXT: "示例", ValueType.NUMBER: 1, ValueType.BOOLEAN: True}


def sample_choices(fld: Field) -> list[Any]:
    """The answers to try for a field: each choice, yes and no, a sample; None if optional."""
    if fld.type == FieldType.CHOICE:
        options = [choice.value for choice in fld.choices]
    elif fld.type == FieldType.MULTICHOICE:
        options = [[choice.value] for choice in fld.choices[:1]]
    elif fld.type == FieldType.YESNO:
        options = [True, False]
    else:
        options = [SAMPLE_ANSWERS[fld.type]]
    return options + ([None] if not fld.required else [])


def sample_situations(plugin: Plugin) -> list[dict[str, Any]]:
    """Variables for sample runs: combinations of answers (at most MAX_SAMPLES), each field not
    shown in a combination set to None as the self check does."""
    today = dt.date.today().isoformat()
    values = {
        value.name: value.default
        if value.default is not None
        else ([] if value.type == ValueType.LIST else SAMPLE_VALUES.get(value.type))
        for value in plugin.values
    }
    base = {
        "values": values,
        "township": {"code": (plugin.townships or ("469034100000",))[0], "name": "示例镇"},
        "point": {"id": 1, "kind": "township_hall", "name": "示例便民服务中心", "township": ""},
        "matter": {
            "code": (plugin.matters.codes or ("",))[0],
            "type": "",
            "themes": [],
            "immediate": False,
            "promised_days": 20,
        },
        "today": today,
    }
    options = [sample_choices(fld) for fld in plugin.fields]
    situations = []
    for combination in itertools.islice(itertools.product(*options), MAX_SAMPLES):
        answers = {fld.name: None for fld in plugin.fields}
        scope = {**base, "answers": answers}
        for fld, given in zip(plugin.fields, combination, strict=True):
            if fld.shown_when is None or fld.shown_when(scope):
                answers[fld.name] = given
        situations.append(scope)
    return situations


def check_python_conditions(plugin: Plugin, add) -> None:
    from plugins.evaluation import timed_test

    rules = [
        (index, rule)
        for index, rule in enumerate(plugin.rules)
        if not isinstance(rule.when, Expression)
    ]
    if not rules:
        return
    try:
        situations = sample_situations(plugin)
    except Exception as error:  # a shown_when of the package itself fails
        add(["fields"], _("A field's shown_when fails: %(error)s") % {"error": describe(error)})
        return
    for index, rule in rules:
        failed = []
        for variables in situations[:MAX_PYTHON_SAMPLES]:
            try:
                timed_test(rule, variables)
            except Exception as error:
                failed.append((variables["answers"], error))
        if not failed:
            continue
        answers, error = failed[0]
        every = len(failed) == len(situations[:MAX_PYTHON_SAMPLES])
        text = (
            _(
                "The rule “%(rule)s” fails (and denies) whatever the answers, e.g. "
                "%(answers)s — %(error)s."
            )
            if every
            else _(
                "The rule “%(rule)s” fails (and would deny) with these answers: %(answers)s — "
                "%(error)s. Check each answer for None before using it."
            )
        )
        add(
            ["rules", index, "when"],
            text % {"rule": rule.id, "answers": answers, "error": describe(error)},
            warning=not every,
        )


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
