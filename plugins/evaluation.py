"""Applying the enabled plugins' fields and rules to one self check.

A rule's condition is called directly: the one compiled for the manifest version this check
read, not one looked up by name in a registry another request may have changed meanwhile. A
rule that raises or runs over its budget (``PLUGINS_RULE_BUDGET_MS``, 100 ms) denies: the check
is marked incomplete, the applicant is told to call, and the failure is logged with plugin,
rule and matter (``RuleFailure``, shown in the admin).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from string import Template
from typing import Any

from django.conf import settings
from django.utils import timezone

from guides.models import GuidePage, Region, ServicePoint
from plugins.answers import clean_answers
from plugins.api import (
    Field,
    MatterVariables,
    Plugin,
    PointVariables,
    Rule,
    RuleKind,
    TownshipVariables,
)
from plugins.applicability import deciding_township
from plugins.expressions import Expression
from plugins.registry import current_trial, enabled_in

logger = logging.getLogger(__name__)


@dataclass
class Firing:
    """A rule that fired, with the message the applicant reads."""

    plugin: Plugin
    rule: Rule
    message: str
    point_pk: int | None = None  # acceptance rules: the place it fired for


@dataclass
class PluginOutcome:
    """What the enabled plugins say about one situation."""

    fields: list[dict[str, Any]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # "<plugin>.<field>" -> message
    firings: list[Firing] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # rule names that failed (denied)

    def fired(self, kind: str) -> list[Firing]:
        return [firing for firing in self.firings if firing.rule.kind == kind]


def region_variables(region: Region | None) -> TownshipVariables:
    if region is None:
        return {"code": "", "name": ""}
    return {"code": region.code, "name": region.name}


def point_variables(point: ServicePoint | None) -> PointVariables:
    if point is None:
        return {"id": 0, "kind": "", "name": "", "township": ""}
    township = point.township
    return {
        "id": point.pk,
        "kind": point.kind,
        "name": point.name,
        "township": township.code if township else "",
    }


def matter_variables(guide: GuidePage) -> MatterVariables:
    return {
        "code": guide.code,
        "type": guide.matter_type,
        "themes": sorted(theme.slug for theme in guide.themes.all()),
        "immediate": guide.is_immediate,
        "promised_days": guide.promised_days if guide.promised_days is not None else -1,
    }


def field_dict(plugin: Plugin, fld: Field, answers: dict, problems: dict) -> dict[str, Any]:
    return {
        "plugin": plugin.id,
        "plugin_name": plugin.name,
        "name": fld.name,
        "key": f"{plugin.id}.{fld.name}",
        "label": fld.label,
        "type": fld.type,
        "required": fld.required,
        "help": fld.help,
        "choices": [{"value": c.value, "label": c.label} for c in fld.choices],
        "value": answers.get(fld.name),
        "error": problems.get(fld.name, ""),
    }


def message_for(rule: Rule, values: dict[str, Any]) -> str:
    """The rule's message with ``$name`` replaced by the township's values (lists joined)."""
    mapping = {
        name: "、".join(map(str, value)) if isinstance(value, list) else str(value)
        for name, value in values.items()
    }
    if rule.days is not None:
        mapping["days"] = str(rule.days)
    return Template(rule.message).safe_substitute(mapping)


@dataclass
class Applicable:
    """A plugin that may apply to a check, with its values by township code; ``asked``: enabled
    in the applicant's or the chosen point's township, so its questions are asked."""

    plugin: Plugin
    values: dict[str, dict[str, Any]]
    asked: bool


def code_of(region: Region | None) -> str:
    return region.code if region is not None else ""


def applicable_plugins(
    guide: GuidePage,
    township: Region | None,
    point: ServicePoint | None,
    candidates: list[ServicePoint],
) -> list[Applicable]:
    """The plugins covering the matter that are enabled in the applicant's township, the chosen
    point's or a candidate place's (whose rules apply where: ``plugins.applicability``)."""
    home, chosen = code_of(township), code_of(point.township if point else None)
    codes = {home, chosen, *(code_of(place.township) for place in candidates)} - {""}
    if not codes:
        return []
    themes = {theme.slug for theme in guide.themes.all()}
    return [
        Applicable(plugin, values, bool({home, chosen} & set(values)))
        for plugin, values in enabled_in(codes)
        if plugin.matters.matches(guide.code, themes, guide.matter_type)
    ]


def rule_name(plugin: Plugin, rule_id: str) -> str:
    """How ``PluginOutcome.failures`` names a rule (or a field's ``fields.<name>.shown_when``)."""
    return f"plugins.{plugin.id}.{rule_id}"


class RuleTimeout(Exception):
    pass


# Python rules from packages run here, so a rule that never returns costs a worker, not the
# request; when every worker is stuck, later rules time out too: the check fails closed.
PYTHON_RULES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="plugin-rule")


def timed_test(rule: Rule, variables: dict[str, Any]) -> bool:
    """Whether a rule fires; one that takes longer than PLUGINS_RULE_BUDGET_MS counts as failed.

    A Python rule is abandoned at the deadline (its thread cannot be killed, but the check goes
    on). A CEL condition holds the GIL while it runs, so it is bounded before it runs (see
    ``plugins.expressions``) and its time is checked afterwards.
    """
    budget = getattr(settings, "PLUGINS_RULE_BUDGET_MS", 100)
    started = time.perf_counter()
    if isinstance(rule.when, Expression):
        fires = rule.when(variables)
    else:
        try:
            fires = PYTHON_RULES.submit(rule.when, variables).result(budget / 1000)
        except FutureTimeout:
            raise RuleTimeout(f"ran over its {budget} ms budget") from None
    if (time.perf_counter() - started) * 1000 > budget:
        raise RuleTimeout(f"ran over its {budget} ms budget")
    return bool(fires)


def log_failure(
    plugin: Plugin, rule_id: str, guide: GuidePage, township: Region | None, error: Exception
) -> None:
    """Log a rule (or a field's ``shown_when``, ``fields.<name>.shown_when``) that raised or ran
    over its budget, and store it for the admin's list of failing rules, unless it failed in a
    trial (``plugins.trial``): the trial shows it, and no citizen met it."""
    from plugins.models import RuleFailure

    logger.warning("plugin rule %s.%s failed on %s: %s", plugin.id, rule_id, guide.code, error)
    if current_trial() is not None:
        return
    RuleFailure.objects.create(
        plugin_id=plugin.id,
        rule_id=rule_id,
        matter_code=guide.code,
        township_code=township.code if township else "",
        error=f"{type(error).__name__}: {error}"[:2000],
    )


def apply_plugins(
    guide: GuidePage,
    *,
    township: Region | None,
    point: ServicePoint | None,
    candidates: list[ServicePoint],
    answers: dict[str, Any],
) -> PluginOutcome:
    """Ask each applicable plugin's fields and test its rules (answers keyed by plugin id)."""
    outcome = PluginOutcome()
    base = {
        "township": region_variables(township),
        "matter": matter_variables(guide),
        "today": timezone.localdate().isoformat(),
        "point": point_variables(point),
    }
    home, chosen = code_of(township), code_of(point.township if point else None)
    for entry in applicable_plugins(guide, township, point, candidates):
        plugin, enabled = entry.plugin, frozenset(entry.values)
        raw = answers.get(plugin.id) or {}
        own_values = entry.values.get(home) or entry.values.get(chosen) or {}
        cleaned = clean_answers(
            plugin.fields, raw if isinstance(raw, dict) else {}, {**base, "values": own_values}
        )
        if entry.asked:
            outcome.fields += [
                field_dict(plugin, fld, cleaned.answers, cleaned.problems) for fld in cleaned.shown
            ]
            outcome.problems.update(
                {f"{plugin.id}.{name}": text for name, text in cleaned.problems.items()}
            )
        for fld, error in cleaned.failed:  # fail closed, as a failing rule does
            rule_id = f"fields.{fld.name}.shown_when"
            log_failure(plugin, rule_id, guide, township, error)
            outcome.failures.append(rule_name(plugin, rule_id))
        if cleaned.problems or cleaned.failed:
            continue  # its rules would judge incomplete answers (or ones never asked)
        for rule in plugin.rules:
            name = rule_name(plugin, rule.id)
            targets = candidates if rule.kind == RuleKind.ACCEPTANCE else [point]
            for target in targets:
                at = code_of(target.township) if target else chosen
                deciding = deciding_township(rule.kind, home, at, enabled)
                if deciding is None:
                    continue
                values = entry.values[deciding]
                scope = {
                    **base,
                    "values": values,
                    "answers": cleaned.answers,
                    "point": point_variables(target) if target else base["point"],
                }
                try:
                    fires = timed_test(rule, scope)
                except Exception as error:  # fail closed, whatever went wrong
                    log_failure(plugin, rule.id, guide, township, error)
                    outcome.failures.append(name)
                    break
                if fires:
                    outcome.firings.append(
                        Firing(
                            plugin, rule, message_for(rule, values), target.pk if target else None
                        )
                    )
    return outcome
