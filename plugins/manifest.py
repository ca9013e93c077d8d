"""Low-code plugins: a YAML or JSON manifest, checked against the published JSON Schema
(``plugins/manifest.schema.json``), its conditions compiled as CEL, turned into a ``Plugin``.

Every problem is reported with the line and the path where it is, e.g.
``line 14, rules[2].when: uses unknown name(s) answer``; a manifest with any problem is refused
whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.api import (
    PLUGIN_API_VERSION,
    Choice,
    Field,
    MatterSelector,
    Plugin,
    Rule,
    RuleKind,
    Value,
)
from plugins.expressions import Expression, ExpressionError

SCHEMA_PATH = Path(__file__).with_name("manifest.schema.json")
MAX_SIZE = 64_000
# What a condition may read (see plugins.evaluation.Situation.variables).
VARIABLES = frozenset({"answers", "values", "township", "point", "matter", "today"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a plugin, where it is; a warning does not stop the plugin."""

    line: int | None
    path: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        values = {"line": self.line, "path": self.path or _("(top)"), "message": self.message}
        if self.line:
            text = _("line %(line)d, %(path)s: %(message)s") % values
        else:
            text = _("%(path)s: %(message)s") % values
        return _("warning: %(text)s") % {"text": text} if self.warning else text


class ManifestError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def path_text(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def line_of(node: yaml.Node | None, path: list[str | int]) -> int | None:
    """The 1-based line of the YAML node at ``path`` (or of its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The manifest's data and its YAML node tree (JSON is read as the YAML it also is)."""
    if len(text) > MAX_SIZE:
        raise ManifestError(
            [Problem(None, "", _("is longer than %(max)d characters") % {"max": MAX_SIZE})]
        )
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        message = getattr(error, "problem", None) or str(error)
        text = _("is not valid YAML or JSON (check the indentation and the colons): %(error)s")
        raise ManifestError([Problem(line, "", text % {"error": message})]) from None


def compile_condition(
    source: str | None, path: list[str | int], node, problems: list[Problem]
) -> Expression | None:
    if source is None:
        return None
    try:
        return Expression(source, VARIABLES)
    except ExpressionError as error:
        problems.append(Problem(line_of(node, path), path_text(path), str(error)))
        return None


def check_names(data: dict, node, problems: list[Problem]) -> None:
    """Names must be unique, and choice fields need choices (what the schema cannot say)."""
    for key, label in (
        ("fields", _("field name")),
        ("rules", _("rule id")),
        ("values", _("value name")),
    ):
        seen: set[str] = set()
        name_key = "id" if key == "rules" else "name"
        for index, row in enumerate(data.get(key, [])):
            if row[name_key] in seen:
                path = [key, index, name_key]
                problems.append(
                    Problem(
                        line_of(node, path),
                        path_text(path),
                        _("“%(name)s” is used twice; each %(what)s must be different.")
                        % {"name": row[name_key], "what": label},
                    )
                )
            seen.add(row[name_key])
    for index, row in enumerate(data.get("fields", [])):
        if row["type"] in ("choice", "multichoice") and not row.get("choices"):
            path = ["fields", index]
            problems.append(
                Problem(line_of(node, path), path_text(path), _("a choice field needs “choices”"))
            )


# What each pattern of the schema asks for, in words.
PATTERNS = {
    "^[a-z][a-z0-9-]{2,49}$": gettext_lazy(
        "3 to 50 lower-case letters, digits and hyphens, starting with a letter, e.g. lian-food"
    ),
    "^[a-z][a-z0-9_]{0,39}$": gettext_lazy(
        "lower-case letters, digits and underscores, starting with a letter, e.g. floor_area"
    ),
    "^[0-9]{12}$": gettext_lazy("a 12-digit division code, e.g. 469034108000"),
    "^[0-9]+(\\.[0-9]+){0,2}$": gettext_lazy("a version such as 1.0 or 1.2.3, in quotes"),
    "^[0-9]+$": gettext_lazy('digits in quotes, e.g. "1"'),
}
TYPES = {
    "string": gettext_lazy("text"),
    "array": gettext_lazy("a list (- item lines, or [a, b])"),
    "object": gettext_lazy("a mapping (key: value lines)"),
    "integer": gettext_lazy("a whole number"),
    "boolean": gettext_lazy("true or false"),
}


def schema_problem(error: jsonschema.ValidationError, node) -> Problem:
    """A schema error in words, at the line of the key it is about."""
    path = list(error.absolute_path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [key for key in expected if key not in instance]
        message = _("“%(key)s” is missing; it is required here") % {"key": "、".join(missing)}
    elif kind == "additionalProperties":
        extra = [key for key in instance if key not in error.schema.get("properties", {})]
        path = [*path, extra[0]]
        allowed = "、".join(error.schema.get("properties", {}))
        message = _("“%(key)s” is not a key of this part; the keys are %(allowed)s") % {
            "key": extra[0],
            "allowed": allowed,
        }
    elif kind == "enum":
        message = _("“%(value)s” is not one of %(allowed)s") % {
            "value": instance,
            "allowed": "、".join(map(str, expected)),
        }
    elif kind == "pattern":
        message = _("“%(value)s” is not written as required: %(pattern)s") % {
            "value": instance,
            "pattern": PATTERNS.get(expected, expected),
        }
    elif kind == "type":
        message = _("must be %(type)s") % {"type": TYPES.get(expected, expected)}
    elif kind in ("minItems", "minLength"):
        message = _("must not be empty") if expected == 1 else _("is too short")
    elif kind in ("maxItems", "maxLength"):
        message = _("is too long: at most %(max)d") % {"max": expected}
    elif kind == "minimum":
        message = _("must be at least %(n)s") % {"n": expected}
    elif kind == "maximum":
        message = _("must be at most %(n)s") % {"n": expected}
    else:
        message = error.message
    return Problem(line_of(node, path), path_text(path), message)


def load_manifest(text: str) -> Plugin:
    """The plugin a manifest describes, or ManifestError listing every problem."""
    data, node = parse(text)
    if not isinstance(data, dict):
        raise ManifestError([Problem(1, "", "must be a mapping (key: value) at the top")])
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        schema_problem(error, node)
        for error in sorted(
            validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        )
    ]
    if problems:
        raise ManifestError(problems)
    check_names(data, node, problems)
    fields = []
    for index, row in enumerate(data.get("fields", [])):
        condition = compile_condition(
            row.get("shown_when"), ["fields", index, "shown_when"], node, problems
        )
        fields.append(
            Field(
                name=row["name"],
                label=row["label"],
                type=row["type"],
                required=row.get("required", True),
                help=row.get("help", ""),
                choices=tuple(Choice(c["value"], c["label"]) for c in row.get("choices", [])),
                shown_when=condition,
            )
        )
    rules = []
    for index, row in enumerate(data["rules"]):
        condition = compile_condition(row.get("when"), ["rules", index, "when"], node, problems)
        rule = Rule(
            id=row["id"],
            kind=row["kind"],
            message=row["message"],
            effect=row.get("effect", "accept"),
            material=row.get("material", ""),
            days=row.get("days"),
        )
        rules.append(Rule(**{**rule.__dict__, "when": condition}) if condition else rule)
        if row["kind"] != RuleKind.ACCEPTANCE and "effect" in row:
            path = ["rules", index, "effect"]
            problems.append(
                Problem(
                    line_of(node, path),
                    path_text(path),
                    _("only acceptance rules have an “effect”; remove it"),
                )
            )
    if PLUGIN_API_VERSION not in data["plugin_api"]:
        path = ["plugin_api"]
        problems.append(
            Problem(
                line_of(node, path),
                "plugin_api",
                _("must include “%(version)s”, the plugin API this site runs")
                % {"version": PLUGIN_API_VERSION},
            )
        )
    if problems:
        raise ManifestError(problems)
    matters = data.get("matters", {})
    return Plugin(
        id=data["id"],
        name=data["name"],
        version=data["version"],
        api_versions=tuple(data["plugin_api"]),
        townships=tuple(data.get("townships", ())),
        matters=MatterSelector(
            codes=tuple(matters.get("codes", ())),
            themes=tuple(matters.get("themes", ())),
            matter_types=tuple(matters.get("matter_types", ())),
        ),
        fields=tuple(fields),
        rules=tuple(rules),
        values=tuple(
            Value(v["name"], v["label"], v.get("type", "text"), v.get("default"), v.get("help", ""))
            for v in data.get("values", [])
        ),
        description=data.get("description", ""),
    )
