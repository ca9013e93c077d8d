"""The applicant's answers to a plugin's fields: checked, converted, and the problems named.

Answers arrive as JSON (the API) or as form strings (the self-check page); both go through
``clean_answers`` so they are judged one way. A field is asked only when its condition on the
earlier answers holds; a field not asked is neither required nor passed to the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guides.validators import phone_validator
from plugins.api import Field, FieldType

MAX_TEXT = 200
# A number answer is an age, a count, an area or an amount: 30 characters and 15 integer digits
# hold any of them. Decimal("1e1000000") is parsed at once, but turning it into an int builds a
# million-digit number (26 s of CPU), so the bounds are checked before any conversion.
MAX_NUMBER_TEXT = 30
MAX_NUMBER_DIGITS = 15
ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CARD_CHECK = "10X98765432"
TRUE_WORDS = {"true", "yes", "1", "on", "是"}
FALSE_WORDS = {"false", "no", "0", "off", "否"}


def id_card_is_valid(number: str) -> bool:
    """A mainland resident identity card number (GB 11643-1999): 17 digits and a check digit."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, ID_CARD_WEIGHTS, strict=False))
    return ID_CARD_CHECK[total % 11] == number[17]


class AnswerError(ValueError):
    pass


def convert(field: Field, raw: Any) -> Any:
    """The answer as the rules see it, or AnswerError saying what is wrong."""
    if field.type == FieldType.YESNO:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise AnswerError(_("Answer yes or no."))
    if field.type == FieldType.NUMBER:
        if isinstance(raw, bool):
            raise AnswerError(_("Enter a number."))
        text = str(raw).strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise AnswerError(_("Enter a number."))
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise AnswerError(_("Enter a number.")) from None
        if not number.is_finite():
            raise AnswerError(_("Enter a number."))
        if number.adjusted() >= MAX_NUMBER_DIGITS:  # its integer part has more digits
            raise AnswerError(
                _("Enter a number below %(max)s.") % {"max": f"{10**MAX_NUMBER_DIGITS:,}"}
            )
        return int(number) if number == number.to_integral_value() else float(number)
    if field.type == FieldType.MULTICHOICE:
        values = raw if isinstance(raw, list) else [raw]
        allowed = {choice.value for choice in field.choices}
        wrong = [str(value) for value in values if str(value) not in allowed]
        if wrong:
            raise AnswerError(
                _("Not one of the choices: %(values)s") % {"values": "、".join(wrong)}
            )
        return sorted({str(value) for value in values})
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise AnswerError(_("Enter text."))
    text = str(raw).strip()
    if len(text) > MAX_TEXT:
        raise AnswerError(_("Keep it under %(max)d characters.") % {"max": MAX_TEXT})
    if field.type == FieldType.CHOICE:
        if text not in {choice.value for choice in field.choices}:
            raise AnswerError(_("Pick one of the choices."))
    elif field.type == FieldType.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise AnswerError(_("Enter a date as YYYY-MM-DD.")) from None
    elif field.type == FieldType.ID_CARD:
        text = text.upper()
        if not id_card_is_valid(text):
            raise AnswerError(_("This is not a valid identity card number; check each digit."))
    elif field.type == FieldType.PHONE:
        try:
            phone_validator(text)
        except ValidationError:
            raise AnswerError(_("Enter a phone number such as 13812345678.")) from None
    return text


def is_blank(raw: Any) -> bool:
    return raw is None or raw == "" or raw == []


@dataclass
class CleanedAnswers:
    """One plugin's answers after ``clean_answers``."""

    answers: dict[str, Any]  # every declared field; None when not given or not shown
    problems: dict[str, str]  # field name -> what the applicant must correct
    shown: list[Field]  # the fields asked, in order
    # Fields whose ``shown_when`` raised: asked anyway (a question too many is safer than a
    # question hidden by a plugin's mistake), and reported so the check fails closed.
    failed: list[tuple[Field, Exception]] = dc_field(default_factory=list)


def clean_answers(
    fields: tuple[Field, ...], raw: dict[str, Any], variables: dict[str, Any]
) -> CleanedAnswers:
    """The answers to one plugin's fields, checked and converted, and the problems named.

    ``variables`` are the situation's variables; ``answers`` in it grows as fields are read, so a
    field's condition sees the earlier answers. Every declared field is present in the answers
    (None when not given or not shown), so a rule can test it without a missing-key error.
    """
    result = CleanedAnswers({field.name: None for field in fields}, {}, [])
    scope = {**variables, "answers": result.answers}
    for field in fields:
        if field.shown_when is not None:
            try:
                visible = field.shown_when(scope)
            except Exception as error:
                result.failed.append((field, error))
                visible = True
            if not visible:
                continue
        result.shown.append(field)
        value = raw.get(field.name)
        if is_blank(value):
            if field.required:
                result.problems[field.name] = _("This question must be answered.")
            continue
        try:
            result.answers[field.name] = convert(field, value)
        except AnswerError as error:
            result.problems[field.name] = str(error)
    return result
