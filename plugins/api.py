"""The plugin API (version 1): what a township plugin declares, whoever wrote it.

A low-code manifest (``plugins.manifest``) and a Python package (an entry point in the group
``guides.plugins``) both produce a ``Plugin``; the self check applies them alike. A package
exposes a ``Plugin`` object (or a callable returning one) built from these classes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

PLUGIN_API_VERSION = "1"
ENTRY_POINT_GROUP = "guides.plugins"


class FieldType:
    """How a question is asked and its answer cleaned (``plugins.answers.convert``)."""

    TEXT = "text"  # up to 200 characters, trimmed
    NUMBER = "number"  # a whole number or a decimal, below 10**15
    CHOICE = "choice"  # one of ``choices``: its value
    MULTICHOICE = "multichoice"  # some of ``choices``: their values, sorted
    DATE = "date"  # YYYY-MM-DD
    YESNO = "yesno"  # true or false (是/否, yes/no, on/off, 1/0 accepted)
    ID_CARD = "id_card"  # 居民身份证号码, GB 11643 check digit verified
    PHONE = "phone"  # a mobile or fixed-line number

    ALL = (TEXT, NUMBER, CHOICE, MULTICHOICE, DATE, YESNO, ID_CARD, PHONE)


class RuleKind:
    """What a rule does when it fires. Every rule of every plugin that applies is tested, plugins
    in the order of their ids, rules in the order written, and none stops the others. Where they
    meet:
    a firing eligibility rule denies whatever else fired; for one place a refusing acceptance
    rule beats an accepting one, and a routing rule leaves only the county centre; on one
    material the rule tested last decides its status; an immediate rule makes the time limit 0.
    """

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
    """The type of a township's value, as the admin's form takes it."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    LIST = "list"  # a list of strings, e.g. division codes or matter codes

    ALL = (TEXT, NUMBER, BOOLEAN, LIST)


class TownshipVariables(TypedDict):
    """``township``: the applicant's township."""

    code: str  # 12-digit division code; "" when the applicant gave none
    name: str  # e.g. 光坡镇


class PointVariables(TypedDict):
    """``point``: in acceptance rules the place being judged, else the place chosen."""

    id: int  # 0 when no place was chosen
    kind: str  # county_centre, township_hall, village_station, self_service; "" for none
    name: str  # e.g. 光坡镇便民服务中心
    township: str  # the division code of the place's township; "" for the county centre


class MatterVariables(TypedDict):
    """``matter``: the matter (guide) being checked."""

    code: str  # e.g. 469034-XK-004
    type: str  # licensing, confirmation, benefit, adjudication, reward, other_power, …
    themes: list[str]  # theme slugs, sorted
    immediate: bool  # 即办件: decided on the spot by law
    promised_days: int  # promised working days; -1 when the guide sets none


class Variables(TypedDict):
    """What a condition reads (in CEL by these names; a Python condition gets this dict)."""

    answers: dict[str, Any]  # this plugin's answers by field name, cleaned; None if not given
    values: dict[str, Any]  # the township's values by name; None if unset and no default
    township: TownshipVariables
    point: PointVariables
    matter: MatterVariables
    today: str  # the date in Asia/Shanghai, e.g. "2026-11-22"


# A condition receives the situation's variables and says whether it holds. Manifests compile
# CEL into one; packages may pass any Python function.
Condition = Callable[[Variables], bool]


def always(variables: Variables) -> bool:
    """The condition of a rule without ``when``: it always fires."""
    return True


@dataclass(frozen=True)
class Choice:
    """One option of a choice or multichoice question."""

    value: str  # what the rules read
    label: str  # what the applicant reads


@dataclass(frozen=True)
class Field:
    """A question for the applicant."""

    name: str  # answers.<name> in conditions
    label: str  # the question
    type: str  # a FieldType
    required: bool = True  # False: may be left blank (then None)
    help: str = ""  # a hint under the question
    choices: tuple[Choice, ...] = ()  # choice and multichoice only
    shown_when: Condition | None = None  # on earlier answers; None: always shown


@dataclass(frozen=True)
class Value:
    """A setting the township administrator gives per township (e.g. partner regions)."""

    name: str  # values.<name> in conditions, $name in messages
    label: str  # what the administrator reads beside the box
    type: str = ValueType.TEXT  # a ValueType
    default: Any = None  # until the township sets its own
    help: str = ""  # a hint under the box


@dataclass(frozen=True)
class Rule:
    """A local approval rule; ``message`` is what the applicant reads when it fires.

    ``message`` may name township values as ``$name`` (``string.Template``).
    """

    id: str  # names the rule in logs and the admin's failing rules
    kind: str  # a RuleKind
    message: str  # what the applicant reads when it fires
    when: Condition = always  # fires when this holds
    effect: str = "accept"  # acceptance rules: "accept" or "refuse"
    material: str = ""  # commitment/deferral/waiver: the guide's material; extra: the new one
    days: int | None = None  # deferral: working days to hand the material in


@dataclass(frozen=True)
class MatterSelector:
    """Which matters a plugin applies to; an empty selector applies to every matter."""

    codes: tuple[str, ...] = ()  # matter codes
    themes: tuple[str, ...] = ()  # theme slugs
    matter_types: tuple[str, ...] = ()  # e.g. licensing, public_service

    def matches(self, code: str, themes: set[str], matter_type: str) -> bool:
        """Whether a matter with this code, these theme slugs and this type is selected."""
        if not (self.codes or self.themes or self.matter_types):
            return True
        return (
            code in self.codes
            or bool(themes & set(self.themes))
            or matter_type in self.matter_types
        )


@dataclass(frozen=True)
class Plugin:
    """A township plugin: what a manifest describes, or what a package's entry point gives."""

    id: str  # lower-case letters, digits and hyphens; names it everywhere
    name: str  # what administrators and applicants read
    version: str  # the author's version, e.g. "1.0"
    api_versions: tuple[str, ...]  # plugin API versions it is written for, e.g. ("1",)
    townships: tuple[str, ...]  # division codes it may be enabled in; empty: any township
    matters: MatterSelector = field(default_factory=MatterSelector)  # empty: every matter
    fields: tuple[Field, ...] = ()  # questions, asked in this order
    rules: tuple[Rule, ...] = ()  # tested in this order
    values: tuple[Value, ...] = ()  # settings each township gives
    description: str = ""  # for the administrator deciding whether to enable it

    def supports_api(self) -> bool:
        """Whether it is written for the plugin API this site runs."""
        return PLUGIN_API_VERSION in self.api_versions

    def may_enable_in(self, township_code: str) -> bool:
        """Whether it may be enabled in the township with this division code."""
        return not self.townships or township_code in self.townships

    def default_values(self) -> dict[str, Any]:
        """Each value's default by name."""
        return {value.name: value.default for value in self.values}
