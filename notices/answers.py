"""What a request for a form says: the hall, and for a personalised form the applicant's
township, self-check answers, name and phone; checked before anything is printed.

The same payload arrives three ways: a JSON or form POST, or a signed link (``?s=…``) that the
self-check result page hands out so a citizen can download the form later without re-answering.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from guides.models import GuidePage, Region, ServicePoint
from guides.validators import phone_validator

SIGNING_SALT = "notices.answers"
LINK_MAX_AGE = 30 * 24 * 3600  # a signed link from the self check stays valid for 30 days


class AnswersError(Exception):
    """The payload is wrong; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, Any]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class NoticeRequest:
    point: ServicePoint | None
    township: Region | None = None
    answers: dict[str, Any] | None = None
    applicant_name: str = ""
    applicant_phone: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def personalised(self) -> bool:
        return self.township is not None or self.answers is not None

    def answers_hash(self) -> str:
        """A keyed hash of township, hall and answers: proves later what was asked, yet cannot be
        reversed by trying likely answers without the secret key."""
        if not self.personalised:
            return ""
        canonical = json.dumps(
            {
                "township": self.township.code if self.township else None,
                "point": self.point.pk if self.point else None,
                "answers": self.answers,
            },
            sort_keys=True,
            ensure_ascii=False,
        )
        return salted_hmac(SIGNING_SALT, canonical, algorithm="sha256").hexdigest()


def sign_payload(payload: Mapping[str, Any]) -> str:
    return signing.dumps(dict(payload), salt=SIGNING_SALT, compress=True)


def unsign_payload(token: str) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise AnswersError({"s": _("This link has expired; do the self check again.")}) from error
    except signing.BadSignature as error:
        raise AnswersError({"s": _("This link is damaged or was not made here.")}) from error
    return payload


def payload_from_post(content_type: str, body: bytes, post: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON body as is; a form post with ``answers`` as a JSON text field."""
    if content_type == "application/json":
        try:
            payload = json.loads(body or b"{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise AnswersError({"body": _("The body is not valid JSON: %s") % error}) from error
        if not isinstance(payload, dict):
            raise AnswersError({"body": _("The body must be a JSON object.")})
        return payload
    payload: dict[str, Any] = {key: post.get(key) for key in post if key != "csrfmiddlewaretoken"}
    if payload.get("answers"):
        try:
            payload["answers"] = json.loads(payload["answers"])
        except json.JSONDecodeError as error:
            raise AnswersError({"answers": _("Not valid JSON: %s") % error}) from error
    return payload


def parse_request(guide: GuidePage, payload: Mapping[str, Any]) -> NoticeRequest:
    """Check every field of ``payload`` and return the request, or raise ``AnswersError`` with
    all the problems at once."""
    problems: dict[str, Any] = {}
    point = township = answers = None

    raw_point = payload.get("point")
    if raw_point not in (None, ""):
        try:
            point = (
                ServicePoint.objects.filter(offers__guide=guide).distinct().get(pk=int(raw_point))
            )
        except (TypeError, ValueError, ServicePoint.DoesNotExist):
            problems["point"] = _("No service point %(point)s handles “%(matter)s”.") % {
                "point": raw_point,
                "matter": guide.title,
            }

    raw_township = payload.get("township")
    if raw_township not in (None, ""):
        township = (
            Region.objects.filter(
                code=str(raw_township), level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE]
            )
            .select_related("parent__parent")
            .first()
        )
        if township is None:
            problems["township"] = (
                _("“%s” is not the code of a township or village.") % str(raw_township)[:40]
            )

    raw_answers = payload.get("answers")
    if raw_answers not in (None, ""):
        if isinstance(raw_answers, dict):
            answers = raw_answers
        else:
            problems["answers"] = _("The answers must be an object of field names and values.")

    name = str(payload.get("name") or "").strip()
    if len(name) > 50:
        problems["name"] = _("At most 50 characters.")
    phone = str(payload.get("phone") or "").strip()
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as error:
            problems["phone"] = " ".join(error.messages)

    unknown = set(payload) - {"point", "township", "answers", "name", "phone", "s"}
    if unknown:
        problems["unknown"] = _("Unknown fields: %s") % ", ".join(sorted(map(str, unknown)))
    if problems:
        raise AnswersError(problems)
    return NoticeRequest(point, township, answers, name, phone, raw=dict(payload))
