"""What the applicant must do with each material: exactly one status, and a note that agrees.

The statuses are the five a 一次性告知单 may print: 需提交 (``required``), 免提交 (``waived``),
容缺后补 (``deferrable``), 告知承诺替代 (``commitment``) and 视情形提交 (``situational``, with the
situation spelled out). A material is decided in this order:

1. a township plugin's commitment, deferral or waiver rule that fired for it;
2. fetched from the e-licence library (``Material.Source.E_LICENCE``): 免提交;
3. required only in a situation (``Material.Requirement.CONDITIONAL``): the situation becomes a
   yes/no question of the self check (one per distinct situation, shared by the materials and
   by the matters of a batch that name it); yes is 需提交, no is 免提交, unanswered is 视情形提交;
4. otherwise 需提交.

A plugin's extra material is 需提交 too, its rule's message the note.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guides.models import GuidePage, Material
from plugins.answers import clean_answers
from plugins.api import Field, FieldType, RuleKind
from plugins.evaluation import PluginOutcome

# The answers to the situation questions, beside the plugins' own ({"<plugin id>": {…}}); a
# plugin id has no underscore, so no plugin can take this key.
SITUATION = "_situation"


class MaterialStatus:
    REQUIRED = "required"  # 需提交
    WAIVED = "waived"  # 免提交
    DEFERRABLE = "deferrable"  # 容缺后补
    COMMITMENT = "commitment"  # 告知承诺替代
    SITUATIONAL = "situational"  # 视情形提交

    ALL = (REQUIRED, WAIVED, DEFERRABLE, COMMITMENT, SITUATIONAL)


# How every page, API and form names the statuses.
STATUS_LABELS = {
    MaterialStatus.REQUIRED: gettext_lazy("Bring"),
    MaterialStatus.WAIVED: gettext_lazy("Not needed"),
    MaterialStatus.DEFERRABLE: gettext_lazy("May follow later"),
    MaterialStatus.COMMITMENT: gettext_lazy("Signed commitment instead"),
    MaterialStatus.SITUATIONAL: gettext_lazy("Only in a stated situation"),
}


@dataclass
class MaterialLine:
    """One material as the applicant must handle it, and why."""

    name: str
    status: str = MaterialStatus.REQUIRED
    note: str = ""
    material: Material | None = None  # None for extra materials a rule adds
    situation: str = ""  # the material's situation, when it has one

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def situation_key(condition: str) -> str:
    """The question's field name: the same situation text is the same question everywhere."""
    return "s" + hashlib.sha1(condition.strip().encode()).hexdigest()[:10]


def situation_fields(guide: GuidePage) -> list[Field]:
    """One yes/no question per distinct situation of the guide's conditional materials."""
    fields: dict[str, Field] = {}
    for material in guide.materials.all():
        if material.requirement != Material.Requirement.CONDITIONAL or not material.condition:
            continue
        if material.source == Material.Source.E_LICENCE:
            continue  # fetched by the window whatever the situation
        key = situation_key(material.condition)
        if key not in fields:
            fields[key] = Field(
                name=key,
                label=_("Does this apply to you: %(situation)s?")
                % {"situation": material.condition.strip().rstrip("。？?")},
                type=FieldType.YESNO,
                required=False,
                help=_("Decides whether you bring: %(material)s") % {"material": material.name},
            )
    return list(fields.values())


def situation_answers(
    guide: GuidePage, answers: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, bool | None]]:
    """The situation questions as the self check shows them (the plugins' field shape), the
    problems with the answers given ("_situation.<key>" → message) and the answers cleaned."""
    fields = situation_fields(guide)
    raw = answers.get(SITUATION)
    cleaned = clean_answers(fields, raw if isinstance(raw, dict) else {}, {})
    described = [
        {
            "plugin": SITUATION,
            "plugin_name": _("Your situation"),
            "name": fld.name,
            "key": f"{SITUATION}.{fld.name}",
            "label": fld.label,
            "type": fld.type,
            "required": False,
            "help": fld.help,
            "choices": [],
            "value": cleaned.answers.get(fld.name),
            "error": cleaned.problems.get(fld.name, ""),
        }
        for fld in cleaned.shown
    ]
    return (
        described,
        {f"{SITUATION}.{name}": text for name, text in cleaned.problems.items()},
        cleaned.answers,
    )


def decide_materials(
    guide: GuidePage, outcome: PluginOutcome, situations: dict[str, bool | None]
) -> list[MaterialLine]:
    """Every material of the guide with its one status, then the plugins' extra materials."""
    rows = guide.materials.all().select_related("blank_form", "sample")  # the guide page shows them
    lines = [decide_material(material, situations) for material in rows]
    on_material = {
        RuleKind.COMMITMENT: MaterialStatus.COMMITMENT,
        RuleKind.DEFERRAL: MaterialStatus.DEFERRABLE,
        RuleKind.WAIVER: MaterialStatus.WAIVED,
    }
    for firing in outcome.firings:
        rule = firing.rule
        if rule.kind in on_material:
            for line in lines:
                if line.material is not None and rule.material in line.name:
                    line.status, line.note = on_material[rule.kind], firing.message
        elif rule.kind == RuleKind.EXTRA_MATERIAL and all(
            line.name != rule.material for line in lines
        ):
            lines.append(MaterialLine(rule.material, MaterialStatus.REQUIRED, firing.message))
    return lines


def decide_material(material: Material, situations: dict[str, bool | None]) -> MaterialLine:
    line = MaterialLine(material.name, MaterialStatus.REQUIRED, material.notes, material)
    if material.source == Material.Source.E_LICENCE:
        line.status = MaterialStatus.WAIVED
        line.note = material.notes or _("The window fetches it from the e-licence library.")
        return line
    if material.requirement != Material.Requirement.CONDITIONAL:
        return line
    situation = material.condition.strip()
    line.situation = situation
    applies = situations.get(situation_key(situation)) if situation else None
    if applies is True:
        line.note = join_notes(_("Your situation: %(situation)s") % {"situation": situation}, line)
    elif applies is False:
        line.status = MaterialStatus.WAIVED
        line.note = _("Not needed: your situation is not “%(situation)s”.") % {
            "situation": situation
        }
    else:
        line.status = MaterialStatus.SITUATIONAL
        line.note = join_notes(
            _("Only if: %(situation)s") % {"situation": situation or _("the window says so")},
            line,
        )
    return line


def join_notes(first: str, line: MaterialLine) -> str:
    return f"{first}；{line.note}" if line.note else first
