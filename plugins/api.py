"""The plugin API (version 1): what a township plugin declares, whoever wrote it.

A low-code manifest (``plugins.manifest``) and a Python package (an entry point in the group
``guides.plugins``) both produce a ``Plugin``; the self check applies them alike. A package
exposes a ``Plugin`` object (or a callable returning one) built from these classes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PLUGIN_API_VERSION = "1"
ENTRY_POINT_GROUP = "guides.plugins"


class FieldType:
    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    DATE = "date"
    YESNO = "yesno"
    ID_CARD = "id_card"  # 居民身份证号码, GB 11643 check digit
    PHONE = "phone"

    ALL = (TEXT, NUMBER, CHOICE, MULTICHOICE, DATE, YESNO, ID_CARD, PHONE)


class RuleKind:
    ELIGIBILITY = "eligibility"  # fires: the applicant may not apply
    ACCEPTANCE = "acceptance"  # fires for a place: accept (or refuse) it there
    IMMEDIATE = "immediate"  # fires: decided on the spot (即办)
    COMMITMENT = "commitment"  # fires: a signed commitment replaces a material (告知承诺制)
    DEFERRAL = "deferral"  # fires: a non-key material may follow within N days (容缺受理)
    EXTRA_MATERIAL = "extra_material"  # fires: one more material to bring
    WAIVER = "waiver"  # fires: a material is not needed
    ROUTING = "routing"  # fires: only the county centre may handle it

    ALL = (
        ELIGIBILITY,
        ACCEPTANCE,
        IMMEDIATE,
        COMMITMENT,
        DEFERRAL,
        EXTRA_MATERIAL,
        WAIVER,
        ROUTING,
    )
    # Kinds that name one of the guide's materials.
    ON_MATERIAL = (COMMITMENT, DEFERRAL, WAIVER)


class ValueType:
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    LIST = "list"  # a list of strings, e.g. division codes or matter codes

    ALL = (TEXT, NUMBER, BOOLEAN, LIST)


# A condition receives the situation's variables (see ``Situation.variables``) and says whether
# it holds. Manifests compile CEL into one; packages may pass any Python function.
Condition = Callable[[dict[str, Any]], bool]


def always(variables: dict[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """A question for the applicant."""

    name: str
    label: str
    type: str
    required: bool = True
    help: str = ""
    choices: tuple[Choice, ...] = ()
    shown_when: Condition | None = None  # on earlier answers; None: always shown


@dataclass(frozen=True)
class Value:
    """A setting the township administrator gives per township (e.g. partner regions)."""

    name: str
    label: str
    type: str = ValueType.TEXT
    default: Any = None
    help: str = ""


@dataclass(frozen=True)
class Rule:
    """A local approval rule; ``message`` is what the applicant reads when it fires.

    ``message`` may name township values as ``$name`` (``string.Template``).
    """

    id: str
    kind: str
    message: str
    when: Condition = always
    effect: str = "accept"  # acceptance rules: "accept" or "refuse"
    material: str = ""  # commitment/deferral/waiver: the guide's material; extra: the new one
    days: int | None = None  # deferral: working days to hand the material in


@dataclass(frozen=True)
class MatterSelector:
    """Which matters a plugin applies to; an empty selector applies to every matter."""

    codes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # theme slugs
    matter_types: tuple[str, ...] = ()

    def matches(self, code: str, themes: set[str], matter_type: str) -> bool:
        if not (self.codes or self.themes or self.matter_types):
            return True
        return (
            code in self.codes
            or bool(themes & set(self.themes))
            or matter_type in self.matter_types
        )


@dataclass(frozen=True)
class Plugin:
    id: str
    name: str
    version: str
    api_versions: tuple[str, ...]
    townships: tuple[str, ...]  # division codes it may be enabled in; empty: any township
    matters: MatterSelector = field(default_factory=MatterSelector)
    fields: tuple[Field, ...] = ()
    rules: tuple[Rule, ...] = ()
    values: tuple[Value, ...] = ()
    description: str = ""

    def supports_api(self) -> bool:
        return PLUGIN_API_VERSION in self.api_versions

    def may_enable_in(self, township_code: str) -> bool:
        return not self.townships or township_code in self.townships

    def default_values(self) -> dict[str, Any]:
        return {value.name: value.default for value in self.values}
