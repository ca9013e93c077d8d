"""The meaning of a CEL condition checked against what the plugin declares, before it runs.

``check_condition`` walks the condition's tree (``plugins.cel_syntax``) with the type of every
name a condition may read: each answer typed as its field is after cleaning
(``plugins.answers``), each value as declared, and ``township``, ``point``, ``matter`` and
``today`` as ``plugins.evaluation`` builds them. It reports what would fail or mislead at run
time, where a failing rule denies every applicant it meets:

- an answer, value or key that is not declared (``answers.floor_area`` where the field is
  ``area``), with the nearest declared name;
- operands of the wrong type (``answers.prepackaged_only > 1`` on a yes/no field), a function
  CEL does not have, a condition that does not give true or false;
- (a warning) an answer that may be ``null`` — the field is optional or shown only sometimes —
  read where ``null`` fails (``>``, ``+``, ``&&``, a function) without a guard before it
  (``answers.x != null && …``); comparing with ``==``/``!=`` needs no guard.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from plugins.api import Field, FieldType, Plugin, Value, ValueType
from plugins.cel_syntax import Node


@dataclass(frozen=True)
class Type:
    """A CEL type as far as the check needs it; ``origin`` is the text read (for messages)."""

    name: str  # bool, number, string, null, timestamp, duration, list, map, dyn
    element: Type | None = None  # list: the items' type
    keys: dict[str, Type] | None = field(default=None, compare=False)  # map: known keys
    nullable: bool = False
    origin: str = ""
    label: str = ""  # map: what it is ("answers", "values"), for the unknown-key message


DYN = Type("dyn")
BOOL, NUMBER, STRING, NULL = Type("bool"), Type("number"), Type("string"), Type("null")
TIMESTAMP, DURATION = Type("timestamp"), Type("duration")
STRINGS = Type("list", element=STRING)
FIELD_TYPES = {
    FieldType.NUMBER: NUMBER,
    FieldType.YESNO: BOOL,
    FieldType.MULTICHOICE: STRINGS,
}
VALUE_TYPES = {
    ValueType.NUMBER: NUMBER,
    ValueType.BOOLEAN: BOOL,
    ValueType.LIST: STRINGS,
    ValueType.TEXT: STRING,
}
# Functions by name: (may be a method, argument types (None: any), result type).
FUNCTIONS = {
    "size": (None, NUMBER),
    "startsWith": ((STRING,), BOOL),
    "endsWith": ((STRING,), BOOL),
    "contains": ((STRING,), BOOL),
    "matches": ((STRING,), BOOL),
    "timestamp": ((STRING,), TIMESTAMP),
    "duration": ((STRING,), DURATION),
    "int": (None, NUMBER),
    "uint": (None, NUMBER),
    "double": (None, NUMBER),
    "string": (None, STRING),
    "type": (None, DYN),
}
TIMESTAMP_PARTS = (
    "getFullYear",
    "getMonth",
    "getDate",
    "getDayOfMonth",
    "getDayOfWeek",
    "getDayOfYear",
    "getHours",
    "getMinutes",
)
MACROS = ("all", "exists", "exists_one", "map", "filter")


def type_name(kind: Type) -> str:
    names = {
        "bool": _("yes/no (true/false)"),
        "number": _("a number"),
        "string": _("text"),
        "null": "null",
        "timestamp": _("a timestamp"),
        "duration": _("a duration"),
        "list": _("a list"),
        "map": _("a map"),
        "dyn": _("any value"),
    }
    return names[kind.name]


def answer_type(fld: Field) -> Type:
    base = FIELD_TYPES.get(fld.type, STRING)
    nullable = not fld.required or fld.shown_when is not None
    return replace(base, nullable=nullable, origin=f"answers.{fld.name}")


def variable_types(plugin: Plugin, fields: tuple[Field, ...] | None = None) -> dict[str, Type]:
    """What a condition may read, typed; ``fields``: the answers it may see (default: all)."""
    answers = {
        fld.name: answer_type(fld) for fld in plugin.fields if fields is None or fld in fields
    }
    values = {value.name: value_type(value) for value in plugin.values}
    text = STRING
    return {
        "answers": Type("map", keys=answers, label="answers"),
        "values": Type("map", keys=values, label="values"),
        "township": Type("map", keys={"code": text, "name": text}, label="township"),
        "point": Type(
            "map",
            keys={"id": NUMBER, "kind": text, "name": text, "township": text},
            label="point",
        ),
        "matter": Type(
            "map",
            keys={
                "code": text,
                "type": text,
                "themes": STRINGS,
                "immediate": BOOL,
                "promised_days": NUMBER,
            },
            label="matter",
        ),
        "today": replace(STRING, origin="today"),
    }


def value_type(value: Value) -> Type:
    base = VALUE_TYPES.get(value.type, STRING)
    return replace(base, nullable=value.default is None, origin=f"values.{value.name}")


@dataclass(frozen=True)
class Finding:
    """What is wrong in a condition: ``offset`` into its source; ``warning``: it may still run."""

    offset: int
    message: str
    warning: bool = False


@dataclass
class Checker:
    source: str
    guarded_by_shown: dict[str, str]  # normalised shown_when text -> answers.<field> it guards
    findings: list[Finding] = field(default_factory=list)

    def error(self, node: Node, message: str) -> Type:
        self.findings.append(Finding(node.start, message))
        return DYN

    def text(self, node: Node) -> str:
        return self.source[node.start : node.end]

    def non_null(self, kind: Type, node: Node) -> None:
        """Warn once per answer read where null fails, with the guard to write."""
        if not kind.nullable:
            return
        if any(f.warning and kind.origin in f.message for f in self.findings):
            return
        self.findings.append(
            Finding(
                node.start,
                _(
                    "%(name)s is null when the question is not answered or not shown, and "
                    "null here makes the rule fail (the applicant is denied). Guard it: "
                    "“%(name)s != null && %(text)s”."
                )
                % {"name": kind.origin, "text": guarded_text(self.source)},
                warning=True,
            )
        )

    def check(self, node: Node, scope: dict[str, Type], guards: frozenset[str]) -> Type:
        kind = getattr(self, f"check_{node.kind}")(node, scope, guards)
        if kind.nullable and kind.origin in guards:
            kind = replace(kind, nullable=False)
        return kind

    def check_literal(self, node: Node, scope, guards) -> Type:
        value = node.value
        if value is None:
            return NULL
        if isinstance(value, bool):
            return BOOL
        return NUMBER if isinstance(value, int | float) else STRING

    def check_ident(self, node: Node, scope, guards) -> Type:
        return scope.get(node.name, DYN)

    def check_list(self, node: Node, scope, guards) -> Type:
        items = [self.check(item, scope, guards) for item in node.args]
        names = {item.name for item in items}
        return Type("list", element=items[0] if len(names) == 1 else DYN)

    def check_map(self, node: Node, scope, guards) -> Type:
        for item in node.args:
            self.check(item, scope, guards)
        return Type("map")

    def key(self, node: Node, container: Type, name: str) -> Type:
        if container.name == "dyn":
            return DYN
        if container.name != "map":
            return self.error(
                node,
                _("%(text)s is %(type)s, which has no “%(name)s”.")
                % {"text": container.origin or "?", "type": type_name(container), "name": name},
            )
        if container.keys is None:
            return DYN
        if name in container.keys:
            return container.keys[name]
        declared = sorted(container.keys)
        close = difflib.get_close_matches(name, declared, n=1, cutoff=0.5)
        message = _("%(map)s has no “%(name)s”.") % {"map": container.label, "name": name}
        if container.label in ("answers", "values"):
            what = _("fields") if container.label == "answers" else _("values")
            message += _("This plugin declares these %(what)s: %(names)s.") % {
                "what": what,
                "names": "、".join(declared) or _("none"),
            }
        if close:
            message += _("Did you mean %(map)s.%(name)s?") % {
                "map": container.label,
                "name": close[0],
            }
        return self.error(node, message)

    def check_select(self, node: Node, scope, guards) -> Type:
        container = self.check(node.args[0], scope, guards)
        return self.key(node, container, node.name)

    def check_index(self, node: Node, scope, guards) -> Type:
        container = self.check(node.args[0], scope, guards)
        index = node.args[1]
        self.check(index, scope, guards)
        self.non_null(container, node)
        if index.kind == "literal" and isinstance(index.value, str):
            return self.key(node, container, index.value)
        return container.element or DYN if container.name == "list" else DYN

    def check_unary(self, node: Node, scope, guards) -> Type:
        operand = self.check(node.args[0], scope, guards)
        self.non_null(operand, node)
        wanted = BOOL if node.name == "!" else NUMBER
        self.expect(node.args[0], operand, wanted)
        return wanted

    def expect(self, node: Node, kind: Type, wanted: Type) -> None:
        if kind.name not in (wanted.name, "dyn", "null"):
            self.error(
                node,
                _("%(text)s is %(type)s here, but %(wanted)s is needed.")
                % {"text": self.text(node), "type": type_name(kind), "wanted": type_name(wanted)},
            )

    def check_binary(self, node: Node, scope, guards) -> Type:
        left_node, right_node = node.args
        left = self.check(left_node, scope, guards)
        if node.name == "&&":
            guards = guards | self.facts(left_node, True)
        elif node.name == "||":
            guards = guards | self.facts(left_node, False)
        right = self.check(right_node, scope, guards)
        operator = node.name
        if operator in ("&&", "||"):
            for operand, operand_node in ((left, left_node), (right, right_node)):
                self.non_null(operand, operand_node)
                self.expect(operand_node, operand, BOOL)
            return BOOL
        if operator in ("==", "!="):
            self.comparable(node, left, right)
            return BOOL
        if operator == "in":
            self.non_null(right, right_node)
            if right.name == "list" and right.element is not None:
                self.comparable(node, left, right.element)
            elif right.name not in ("list", "map", "dyn"):
                self.error(
                    right_node,
                    _("“in” needs a list after it; %(text)s is %(type)s.")
                    % {"text": self.text(right_node), "type": type_name(right)},
                )
            return BOOL
        for operand, operand_node in ((left, left_node), (right, right_node)):
            self.non_null(operand, operand_node)
        if operator in ("<", "<=", ">", ">="):
            if not same_kind(left, right) or left.name in ("bool", "list", "map"):
                self.mismatch(node, left, right)
            return BOOL
        if operator == "+" and left.name in ("string", "list") and same_kind(left, right):
            return left
        if operator == "-" and left.name == "timestamp":
            return DURATION if right.name == "timestamp" else TIMESTAMP
        for operand, operand_node in ((left, left_node), (right, right_node)):
            self.expect(operand_node, operand, NUMBER)
        return NUMBER

    def mismatch(self, node: Node, left: Type, right: Type) -> None:
        self.error(
            node,
            _("%(text)s compares %(left)s with %(right)s; CEL cannot, and the rule would fail.")
            % {"text": self.text(node), "left": type_name(left), "right": type_name(right)},
        )

    def comparable(self, node: Node, left: Type, right: Type) -> None:
        if "null" in (left.name, right.name) or "dyn" in (left.name, right.name):
            return
        if not same_kind(left, right):
            self.error(
                node,
                _("%(text)s compares %(left)s with %(right)s: they are never equal.")
                % {"text": self.text(node), "left": type_name(left), "right": type_name(right)},
            )

    def check_cond(self, node: Node, scope, guards) -> Type:
        condition, then, otherwise = node.args
        test = self.check(condition, scope, guards)
        self.non_null(test, condition)
        self.expect(condition, test, BOOL)
        first = self.check(then, scope, guards | self.facts(condition, True))
        second = self.check(otherwise, scope, guards | self.facts(condition, False))
        return first if same_kind(first, second) else DYN

    def check_call(self, node: Node, scope, guards) -> Type:
        name = node.name
        if node.method and name in MACROS and len(node.args) == 3:
            target = self.check(node.args[0], scope, guards)
            self.non_null(target, node.args[0])
            variable = node.args[1].name
            element = target.element or DYN if target.name == "list" else DYN
            body = self.check(node.args[2], {**scope, variable: element}, guards)
            if name in ("map",):
                return Type("list", element=body)
            if name != "filter":
                self.expect(node.args[2], body, BOOL)
            return target if name == "filter" else BOOL
        if name == "has" and not node.method:
            return BOOL
        args = [self.check(arg, scope, guards) for arg in node.args]
        for arg, arg_node in zip(args, node.args, strict=True):
            self.non_null(arg, arg_node)
        if node.method and name in TIMESTAMP_PARTS:
            self.expect(node.args[0], args[0], TIMESTAMP)
            return NUMBER
        if name not in FUNCTIONS:
            return self.error(
                node,
                _("CEL here has no function “%(name)s”. See “Conditions” in docs/plugins.md.")
                % {"name": name},
            )
        wanted, result = FUNCTIONS[name]
        if wanted is not None:
            for arg, arg_node, kind in zip(
                args[1:] if node.method else args, node.args, wanted, strict=False
            ):
                self.expect(arg_node, arg, kind)
            if node.method:
                self.expect(node.args[0], args[0], STRING)
        return result

    def facts(self, node: Node, holds: bool) -> frozenset[str]:
        """The answers known not to be null once ``node`` is ``holds``."""
        if node.kind == "binary" and node.name == ("&&" if holds else "||"):
            return self.facts(node.args[0], holds) | self.facts(node.args[1], holds)
        if node.kind == "unary" and node.name == "!":
            return self.facts(node.args[0], not holds)
        known = set()
        shown = self.guarded_by_shown.get(" ".join(self.text(node).split()))
        if shown and holds:
            known.add(shown)
        if node.kind == "binary" and node.name in ("==", "!="):
            left, right = node.args
            for one, other in ((left, right), (right, left)):
                is_null = other.kind == "literal" and other.value is None
                not_null = (node.name == "!=") == holds if is_null else node.name == "==" and holds
                if one.kind == "select" and not_null:
                    known.add(self.text(one))
        return frozenset(known)


def guarded_text(source: str) -> str:
    """The condition as it reads after ``answers.x != null &&`` (bracketed when it needs it)."""
    text = " ".join(source.split())
    return f"({text})" if "||" in text or "?" in text else text


def same_kind(left: Type, right: Type) -> bool:
    return left.name == right.name or "dyn" in (left.name, right.name)


def check_condition(
    source: str, tree: Node, variables: dict[str, Type], guarded_by_shown: dict[str, str]
) -> list[Finding]:
    """What is wrong with one condition; it must give true or false."""
    checker = Checker(source, guarded_by_shown)
    result = checker.check(tree, variables, frozenset())
    if result.name not in ("bool", "dyn"):
        checker.error(
            tree,
            _("The condition gives %(type)s, not true or false.") % {"type": type_name(result)},
        )
    checker.non_null(result, tree)
    return checker.findings
