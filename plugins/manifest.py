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
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.path or '(top)'}: {self.message}"


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
        raise ManifestError([Problem(None, "", f"is larger than {MAX_SIZE} characters")])
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        message = getattr(error, "problem", None) or str(error)
        raise ManifestError([Problem(line, "", f"is not valid YAML or JSON: {message}")]) from None


def compile_condition(
    source: str | None, path: list[str | int], node, problems: list[Problem]
) -> Expression | None:
    if source is None:
        return None
    try:
        return Expression(source, VARIABLES)
    except ExpressionError as error:
        problems.append(Problem(line_of(node, path), path_text(path), f"CEL condition {error}"))
        return None


def check_names(data: dict, node, problems: list[Problem]) -> None:
    """Names must be unique, and choice fields need choices (what the schema cannot say)."""
    for key, label in (("fields", "field name"), ("rules", "rule id"), ("values", "value name")):
        seen: set[str] = set()
        name_key = "id" if key == "rules" else "name"
        for index, row in enumerate(data.get(key, [])):
            if row[name_key] in seen:
                path = [key, index, name_key]
                problems.append(
                    Problem(
                        line_of(node, path),
                        path_text(path),
                        f"repeats the {label} {row[name_key]!r}",
                    )
                )
            seen.add(row[name_key])
    for index, row in enumerate(data.get("fields", [])):
        if row["type"] in ("choice", "multichoice") and not row.get("choices"):
            path = ["fields", index]
            problems.append(
                Problem(line_of(node, path), path_text(path), "a choice field needs choices")
            )


def load_manifest(text: str) -> Plugin:
    """The plugin a manifest describes, or ManifestError listing every problem."""
    data, node = parse(text)
    if not isinstance(data, dict):
        raise ManifestError([Problem(1, "", "must be a mapping (key: value) at the top")])
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        Problem(
            line_of(node, list(error.absolute_path)),
            path_text(list(error.absolute_path)),
            error.message,
        )
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
                    line_of(node, path), path_text(path), "only acceptance rules have an effect"
                )
            )
    if PLUGIN_API_VERSION not in data["plugin_api"]:
        path = ["plugin_api"]
        problems.append(
            Problem(
                line_of(node, path),
                "plugin_api",
                f"must include {PLUGIN_API_VERSION!r}, the version this site runs",
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
