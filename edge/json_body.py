"""Reading a JSON request body within bounds: size, nesting, number magnitude, text.

Every public JSON route reads its body through ``read_json`` (and ``InputBoundsMiddleware``
checks any JSON body on a public route the same way before a view runs), so no view meets
``1e999`` (an infinite float: ``int()`` of it raises OverflowError), a 20-digit id (out of
range for PostgreSQL's bigint), a 100,000-deep array (RecursionError), a NUL (PostgreSQL
refuses it in text) or a lone surrogate (it cannot be encoded as UTF-8).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _

from edge.errors import Refused

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 20
# The largest number a body may hold: beyond any id, count or amount the site keeps, well
# inside PostgreSQL's bigint and exact as a float (2**53 is about 9.007e15).
MAX_NUMBER = 10**15
MAX_NUMBER_TEXT = 40  # characters of one number as written, e.g. "0.000…" or "1.5e3"

# NUL, which PostgreSQL refuses in text, and the UTF-16 surrogates, which no UTF-8 text holds.
FORBIDDEN_TEXT = re.compile("[\x00\ud800-\udfff]")
CACHE_ATTRIBUTE = "_edge_json"


def refused(code: str, message: str, status: int = 400) -> Refused:
    """A refusal of the body as a whole (the field ``body``)."""
    return Refused(code, message, field="body", status=status)


def has_forbidden_text(text: str) -> bool:
    return FORBIDDEN_TEXT.search(text) is not None


def text_refusal(field: str = "__all__") -> Refused:
    return Refused(
        "invalid_characters",
        _("The request contains a character that is not allowed (a NUL or a broken character)."),
        field=field,
    )


def too_large_number() -> Refused:
    return refused(
        "number_out_of_range",
        _("A number in the request is too large (at most %(max)s).") % {"max": f"{MAX_NUMBER:,}"},
    )


def parse_int(text: str) -> int:
    if len(text.lstrip("-")) > len(str(MAX_NUMBER)):
        raise too_large_number()
    number = int(text)
    if abs(number) > MAX_NUMBER:
        raise too_large_number()
    return number


def parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_TEXT:
        raise too_large_number()
    number = float(text)
    if not abs(number) <= MAX_NUMBER:  # also refuses inf, which 1e999 becomes
        raise too_large_number()
    return number


def parse_constant(name: str) -> Any:
    raise refused(
        "invalid_json",
        _("The body is not valid JSON: %(name)s is not a JSON value.") % {"name": name},
    )


def check_values(value: Any) -> None:
    """Depth and text of a parsed body, walked without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise refused(
                    "too_deep",
                    _("The body is nested too deeply (at most %(max)d levels).")
                    % {"max": MAX_DEPTH},
                )
            if isinstance(item, dict):
                for key in item:
                    if has_forbidden_text(key):
                        raise text_refusal("body")
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and has_forbidden_text(item):
            raise text_refusal("body")


def parse_json(body: bytes) -> Any:
    """The body's JSON value, or ``Refused`` naming what is wrong with it."""
    if len(body) > MAX_BODY_BYTES:
        raise body_too_large()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise refused("invalid_json", _("The body is not UTF-8 text.")) from None
    try:
        value = json.loads(
            text or "{}",
            parse_int=parse_int,
            parse_float=parse_float,
            parse_constant=parse_constant,
        )
    except RecursionError:
        raise refused(
            "too_deep",
            _("The body is nested too deeply (at most %(max)d levels).") % {"max": MAX_DEPTH},
        ) from None
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        raise refused(
            "invalid_json", _("The body is not valid JSON: %(problem)s") % {"problem": error}
        ) from None
    check_values(value)
    return value


def body_too_large() -> Refused:
    return refused(
        "body_too_large",
        _("The request body is too large (at most %(max)d KB).") % {"max": MAX_BODY_BYTES // 1024},
        413,
    )


def read_json(request: HttpRequest) -> Any:
    """The request's JSON body, checked once and kept on the request."""
    if not hasattr(request, CACHE_ATTRIBUTE):
        try:
            body = request.body
        except RequestDataTooBig:
            raise body_too_large() from None
        setattr(request, CACHE_ATTRIBUTE, parse_json(body))
    return getattr(request, CACHE_ATTRIBUTE)


def read_json_object(request: HttpRequest) -> dict[str, Any]:
    """``read_json``, refusing anything but an object."""
    value = read_json(request)
    if not isinstance(value, dict):
        raise refused("invalid_json", _("Send a JSON object."))
    return value
