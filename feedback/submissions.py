"""What a citizen sends, checked field by field, for the JSON API and the plain forms alike.

Bad input raises ``Invalid`` with a message per field (in Chinese); nothing is saved unless
every field is right. ``HONEYPOT`` is a field people never see and bots fill in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from feedback.models import Level, ProblemReport, Rating, Tag
from feedback.models.ratings import MAX_COMMENT
from feedback.models.reports import MAX_DESCRIPTION
from feedback.rectification import owner_township, rectification_for
from guides.models import GuidePage, Region, ServicePoint
from guides.validators import phone_validator
from notices.models import IssuedNotice

HONEYPOT = "website"
MAX_MATTER = 100


class Invalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def form_data(post) -> dict[str, Any]:
    """A form's POST as the API's JSON shape (tags may be ticked several times)."""
    return {**post.dict(), "tags": post.getlist("tags")}


def is_bot(data: Mapping[str, Any]) -> bool:
    return bool(data.get(HONEYPOT))


def text(data: Mapping[str, Any], name: str, limit: int, errors: dict, *, required=False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = _("Send text.")
        return ""
    value = value.strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > limit:
        errors[name] = _("At most %(limit)d characters (this has %(length)d).") % {
            "limit": limit,
            "length": len(value),
        }
    return value


def phone_of(data: Mapping[str, Any], errors: dict) -> str:
    phone = text(data, "phone", 30, errors).replace(" ", "")
    if phone and "phone" not in errors:
        try:
            phone_validator(phone)
        except ValidationError as error:
            errors["phone"] = str(error.messages[0])
    return phone


def level_of(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value in Level.values else None


def tags_of(value: Any) -> list[str] | None:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        return None
    if any(tag not in Tag.values for tag in value) or len(set(value)) != len(value):
        return None
    return value


def point_of(guide: GuidePage, value: Any) -> tuple[ServicePoint | None, str]:
    if value in (None, ""):
        return None, ""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None, _("Give the id of a service point.")
    point = ServicePoint.objects.filter(pk=pk, offers__guide=guide).first()
    return point, "" if point else _("This service point does not handle this matter.")


def notice_of(guide: GuidePage, value: Any) -> tuple[IssuedNotice | None, str]:
    if value in (None, ""):
        return None, ""
    if not isinstance(value, str):
        return None, _("Give the serial number printed on the form.")
    notice = IssuedNotice.objects.filter(serial=value.strip().upper()).first()
    if notice is None or notice.guide_id != guide.pk:
        return None, _("No form of this matter has this serial number.")
    if Rating.objects.filter(notice=notice).exists():
        return None, _("This form has already been rated: one rating per form.")
    return notice, ""


def record_rating(guide: GuidePage, data: Mapping[str, Any], channel: str) -> Rating:
    """Check and save a rating; a bad one opens its rectification task."""
    errors: dict[str, str] = {}
    level = level_of(data.get("rating"))
    if level is None:
        errors["rating"] = _("Rate from 1 (very dissatisfied) to 5 (very satisfied).")
    tags = tags_of(data.get("tags"))
    if tags is None:
        errors["tags"] = _("Choose tags from the list: %(tags)s.") % {"tags": ", ".join(Tag.values)}
    comment = text(data, "comment", MAX_COMMENT, errors)
    phone = phone_of(data, errors)
    point, errors["point"] = point_of(guide, data.get("point"))
    notice, errors["serial"] = notice_of(guide, data.get("serial"))
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise Invalid(errors)
    point = point or (notice.service_point if notice else None)
    rating = Rating(
        guide=guide,
        matter_code=guide.code,
        level=level,
        tags=tags,
        comment=comment,
        service_point=point,
        township=owner_township(guide, point),
        notice=notice,
        phone=phone,
        channel=channel,
    )
    try:
        with transaction.atomic():
            rating.save()
            rectification_for(rating)
    except IntegrityError as error:  # the same form rated twice at the same moment
        raise Invalid(
            {"serial": _("This form has already been rated: one rating per form.")}
        ) from error
    return rating


def township_of_code(value: Any) -> tuple[Region | None, str]:
    if not isinstance(value, str) or not value.strip().isdigit() or len(value.strip()) != 12:
        return None, _("Give the 12-digit division code of your township or village.")
    region = (
        Region.objects.filter(code=value.strip(), level__in=["township", "village"])
        .select_related("parent")
        .first()
    )
    if region is None:
        return None, _("No township or village has this code.")
    return region.township, ""


def report_from(data: Mapping[str, Any], guide: GuidePage | None, channel: str) -> ProblemReport:
    """An unsaved problem report from what the citizen (or the clerk) sent."""
    errors: dict[str, str] = {}
    description = text(data, "description", MAX_DESCRIPTION, errors, required=True)
    matter = text(data, "matter", MAX_MATTER, errors)
    phone = phone_of(data, errors)
    township, errors["township"] = township_of_code(data.get("township"))
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise Invalid(errors)
    return ProblemReport(
        guide=guide,
        matter=matter or (guide.title if guide else ""),
        description=description,
        township=township,
        phone=phone,
        channel=channel,
    )
