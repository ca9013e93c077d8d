"""Mappings of unknown headers (原列名=字段): saved in the admin, given with ``--map``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalogue.models import ColumnMapping
from catalogue.national import TARGETS, target_of


class MappingError(ValueError):
    """A mapping that names no field; the message says which ones exist."""


def saved() -> dict[str, str]:
    """Header → field, as administrators saved them."""
    return dict(ColumnMapping.objects.values_list("header", "target"))


def parse(options: list[str]) -> dict[str, str]:
    """``--map 原列名=字段`` options as header → field; a field may also be given by its
    national name (``--map 事项办理名称=事项名称``)."""
    mapping = {}
    for option in options:
        header, sep, value = option.partition("=")
        target = target_of(value) if sep else None
        if not header.strip() or target is None:
            raise MappingError(
                _("“%(option)s”: write 原列名=字段, the field one of %(fields)s.")
                % {"option": option, "fields": ", ".join(TARGETS)}
            )
        mapping[header.strip()] = target
    return mapping


def save(mapping: dict[str, str], user) -> None:
    for header, target in mapping.items():
        ColumnMapping.objects.update_or_create(
            header=header, defaults={"target": target, "saved_by": user}
        )
