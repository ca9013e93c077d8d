"""Reading a CEL condition into a tree the manifest check can reason about, and saying a CEL
syntax error in words a township developer understands.

The CEL runtime (``cel``) compiles and runs conditions but exposes no syntax tree, so the
semantic check (``plugins.condition_types``) parses the same text here. Only a condition the
runtime has already compiled is parsed, so this parser never decides what is valid: when it
meets something it does not know, ``parse`` raises ``Unsupported`` and the type check of that
condition is skipped (the runtime still guards it, failing closed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>0x[0-9a-fA-F]+u?|\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?
               |\d+[eE][+-]?\d+|\d+u?)
  | (?P<string>[rRbB]?(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''
                       |"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>&&|\|\||==|!=|<=|>=|[<>!+\-*/%?:.,()\[\]{}])
    """,
    re.VERBOSE,
)
# Binary operators by precedence, loosest first (CEL spec: ?:, ||, &&, relations, +-, */%).
LEVELS = (("||",), ("&&",), ("==", "!=", "<", "<=", ">", ">=", "in"), ("+", "-"), ("*", "/", "%"))


class Unsupported(Exception):
    """Text this small parser does not read (the runtime accepted it)."""


@dataclass(frozen=True)
class Node:
    """One part of a condition: ``kind`` is ident, literal, list, map, select, index, call, unary,
    binary or cond; ``start``/``end`` are offsets into the source (for messages)."""

    kind: str
    start: int
    end: int
    name: str = ""  # ident and call: the name; select: the field; unary, binary: the operator
    value: object = None  # literal: its Python value
    args: tuple[Node, ...] = ()  # operands, in order (call: the target first, when it has one)
    method: bool = False  # call: written as target.name(...)


def tokens(source: str) -> list[tuple[str, str, int]]:
    found, position = [], 0
    while position < len(source):
        match = TOKEN.match(source, position)
        if match is None:
            raise Unsupported(source[position])
        if match.lastgroup != "space":
            text = match.group()
            kind = match.lastgroup if text != "in" else "op"
            found.append((kind, text, position))
        position = match.end()
    found.append(("end", "", len(source)))
    return found


def literal(kind: str, text: str) -> object:
    if kind == "number":
        if text.startswith("0x"):
            return int(text.rstrip("u"), 16)
        return float(text) if any(c in text for c in ".eE") else int(text.rstrip("u"))
    if text[0] in "bB":
        raise Unsupported(text)
    raw = text[0] in "rR"
    body = text[1:] if raw else text
    body = body[3:-3] if body[:3] in ('"""', "'''") else body[1:-1]
    return body if raw else re.sub(r"\\(.)", r"\1", body)


class Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokens(source)
        self.position = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.position]

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        token = self.tokens[self.position]
        if text is not None and token[1] != text:
            raise Unsupported(token[1])
        self.position += 1
        return token

    def end_of(self) -> int:
        _kind, text, start = self.tokens[self.position - 1]
        return start + len(text)

    def expression(self) -> Node:
        condition = self.binary(0)
        if self.peek()[1] != "?":
            return condition
        self.take("?")
        then = self.binary(0)
        self.take(":")
        otherwise = self.expression()
        return Node("cond", condition.start, otherwise.end, args=(condition, then, otherwise))

    def binary(self, level: int) -> Node:
        if level == len(LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in LEVELS[level]:
            operator = self.take()[1]
            right = self.binary(level + 1)
            left = Node("binary", left.start, right.end, name=operator, args=(left, right))
        return left

    def unary(self) -> Node:
        _kind, text, start = self.peek()
        if text in ("!", "-"):
            self.take()
            operand = self.unary()
            return Node("unary", start, operand.end, name=text, args=(operand,))
        return self.member()

    def member(self) -> Node:
        node = self.primary()
        while self.peek()[1] in (".", "["):
            if self.take()[1] == ".":
                kind, name, _start = self.take()
                if kind != "name":
                    raise Unsupported(name)
                if self.peek()[1] == "(":
                    args = self.arguments(")")
                    node = Node("call", node.start, self.end_of(), name, None, (node, *args), True)
                else:
                    node = Node("select", node.start, self.end_of(), name=name, args=(node,))
            else:
                index = self.expression()
                self.take("]")
                node = Node("index", node.start, self.end_of(), args=(node, index))
        return node

    def arguments(self, closing: str) -> tuple[Node, ...]:
        self.take()
        args = []
        while self.peek()[1] != closing:
            args.append(self.expression())
            if self.peek()[1] == ",":
                self.take()
        self.take(closing)
        return tuple(args)

    def primary(self) -> Node:
        kind, text, start = self.peek()
        if kind in ("number", "string"):
            self.take()
            return Node("literal", start, start + len(text), value=literal(kind, text))
        if kind == "name":
            self.take()
            if text in ("true", "false", "null"):
                value = {"true": True, "false": False, "null": None}[text]
                return Node("literal", start, start + len(text), value=value)
            if self.peek()[1] == "(":
                args = self.arguments(")")
                return Node("call", start, self.end_of(), name=text, args=args)
            return Node("ident", start, start + len(text), name=text)
        if text == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        if text == "[":
            items = self.arguments("]")
            return Node("list", start, self.end_of(), args=items)
        if text == "{":
            return self.map_literal(start)
        raise Unsupported(text)

    def map_literal(self, start: int) -> Node:
        self.take("{")
        entries = []
        while self.peek()[1] != "}":
            entries.append(self.expression())
            self.take(":")
            entries.append(self.expression())
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return Node("map", start, self.end_of(), args=tuple(entries))


def parse(source: str) -> Node:
    """The tree of a condition the CEL runtime compiled; ``Unsupported`` if this parser cannot
    read it."""
    parser = Parser(source)
    node = parser.expression()
    if parser.peek()[0] != "end":
        raise Unsupported(parser.peek()[1])
    return node


# The CEL runtime's syntax errors ("<input>:1:12: Syntax error: mismatched input '<EOF>'
# expecting {...}") name grammar tokens; a township developer needs what to change instead.
SYNTAX_ERROR = re.compile(r"<input>:(\d+):(\d+): Syntax error: (.*)")


def explain_syntax_error(source: str, message: str) -> str:
    """The runtime's first syntax error as a Chinese sentence with where it is, the line of the
    condition it is on and a caret under the place."""
    match = SYNTAX_ERROR.search(message)
    if match is None:
        return _("The condition cannot be read: %(error)s") % {"error": message.split("\n")[0]}
    line, column, detail = int(match[1]), int(match[2]), match[3]
    found = re.search(r"(?:input|at:?) '(.*?)'", detail)
    token = found[1].strip() if found else ""
    if "token recognition error" in detail:
        text = _(
            "“%(token)s” cannot be used in a condition. Write strings in straight double quotes "
            '("…"), equality as ==, and and/or as && and ||, with half-width (English) symbols.'
        )
    elif token == "<EOF>" or detail.startswith("missing"):
        text = _(
            "The condition ends too early: something is missing at the end, such as the value "
            "after a comparison or a closing bracket “)”."
        )
    else:
        text = _(
            "“%(token)s” does not belong here. Check for a missing operator (==, &&, ||), "
            "quote or bracket before it."
        )
    where = _("column %(column)d") % {"column": column}
    lines = source.split("\n")
    excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return f"{text % {'token': token}}（{where}）\n    {excerpt}\n    {caret}"
