"""Conditions written in CEL (Common Expression Language), never Python ``eval``.

CEL has no file, module or network access and no unbounded loops; its only iteration is over the
lists it is given. We use ``common-expression-language`` (Rust, about 20× faster than the
pure-Python ``cel-python``; figures in docs/benchmarks.md). Its evaluation holds the GIL, so a
running expression cannot be interrupted from another thread: instead the cost is bounded before
it runs (a short expression, at most one comprehension macro, so no nested loops over lists),
and ``plugins.evaluation`` times every rule after it runs: over budget counts as a failure.
"""

from __future__ import annotations

import re
from typing import Any

import cel
from django.utils.translation import gettext as _

from plugins.cel_syntax import explain_syntax_error

MAX_LENGTH = 500
MAX_COMPREHENSIONS = 1
COMPREHENSION = re.compile(r"\.\s*(all|exists_one|exists|map|filter)\s*\(")


class ExpressionError(Exception):
    """An expression that cannot be compiled or fails while evaluating."""


class Expression:
    """A compiled CEL condition; calling it with the variables returns a bool."""

    def __init__(self, source: str, variables: frozenset[str]):
        if len(source) > MAX_LENGTH:
            raise ExpressionError(
                _("The condition is longer than %(max)d characters.") % {"max": MAX_LENGTH}
            )
        if len(COMPREHENSION.findall(source)) > MAX_COMPREHENSIONS:
            raise ExpressionError(
                _(
                    "The condition uses more than one of all/exists/exists_one/map/filter "
                    "(no nested loops)."
                )
            )
        try:
            self.program = cel.compile(source)
        except ValueError as error:
            raise ExpressionError(explain_syntax_error(source, str(error))) from None
        unknown = set(self.program.variables()) - variables - bound_names(source)
        if unknown:
            raise ExpressionError(
                _("The condition reads %(names)s, which does not exist; it may read %(available)s.")
                % {"names": "、".join(sorted(unknown)), "available": "、".join(sorted(variables))}
            )
        self.source = source

    def __call__(self, variables: dict[str, Any]) -> bool:
        try:
            value = self.program.execute(variables)
        except Exception as error:  # the CEL runtime raises many kinds
            raise ExpressionError(f"{type(error).__name__}: {error}") from None
        if not isinstance(value, bool):
            raise ExpressionError(f"gave {value!r}, not true or false")
        return value

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def bound_names(source: str) -> set[str]:
    """Loop variables of comprehension macros (``x`` in ``list.exists(x, ...)``)."""
    return set(re.findall(r"\.\s*(?:all|exists_one|exists|map|filter)\s*\(\s*(\w+)\s*,", source))
