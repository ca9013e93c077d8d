"""The self check (自助预审): can I apply, where, what exactly to bring, how long.

``run_precheck`` is the one function behind the guide page's self check, the precheck API and the
personalised one-time notification form (一次性告知单), so the three always say the same thing.
This module holds the baseline a guide alone gives (its materials, time limit and the eligible
places); the township plugins enabled for the applicant's township refine it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from guides.models import GuidePage, Material, Region, ServicePoint
from guides.places import Place, origin_of, places_for
from plugins.api import RuleKind
from plugins.evaluation import PluginOutcome, apply_plugins
from plugins.signals import precheck_done


class MaterialStatus:
    REQUIRED = "required"
    WAIVED = "waived"
    DEFERRABLE = "deferrable"
    COMMITMENT = "commitment"
    EXTRA = "extra"


@dataclass
class MaterialLine:
    """One material as the applicant must handle it, and why."""

    name: str
    status: str = MaterialStatus.REQUIRED
    note: str = ""
    material: Material | None = None  # None for extra materials a rule or offer adds


@dataclass
class PrecheckResult:
    eligible: bool
    reasons: list[str]
    places: list[Place]
    materials: list[MaterialLine]
    immediate: bool
    time_limit_days: int | None
    fields: list[dict[str, Any]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # "<plugin>.<field>" -> what is wrong
    complete: bool = True  # False when a plugin rule failed (the check then denies)


def baseline_materials(guide: GuidePage) -> list[MaterialLine]:
    """The guide's own materials; conditional ones carry their condition as the note."""
    return [
        MaterialLine(
            name=material.name,
            note=material.condition if material.requirement == "conditional" else material.notes,
            material=material,
        )
        for material in guide.materials.all()
    ]


def run_precheck(
    guide: GuidePage,
    *,
    township: Region | None,
    point: ServicePoint | None = None,
    answers: dict[str, Any] | None = None,
) -> PrecheckResult:
    """What the guide and the plugins enabled there say for a resident of ``township`` (at
    ``point``, if chosen). ``answers`` are keyed by plugin id: ``{"<plugin>": {"<field>": …}}``."""
    home = township.township if township is not None and township.township else township
    every_place = places_for(guide, origin=origin_of(township))
    outcome = apply_plugins(
        guide,
        township=home,
        point=point,
        candidates=[place.point for place in every_place],
        answers=answers or {},
    )
    reasons: list[str] = []
    places = choose_places(every_place, home, outcome, reasons)
    if point is not None:
        places = [place for place in places if place.point.pk == point.pk]
    materials = baseline_materials(guide)
    apply_material_rules(materials, outcome)
    immediate, time_limit = guide.is_immediate, guide.promised_days
    if outcome.fired(RuleKind.IMMEDIATE):
        immediate, time_limit = True, 0
    else:
        reasons.append(time_limit_reason(guide))
    if places:
        reasons.append(nearest_place_reason(places[0]))
    eligible = bool(places) or bool(guide.online_url)
    for firing in outcome.firings:
        if firing.rule.kind not in (RuleKind.ACCEPTANCE, RuleKind.ROUTING):
            reasons.append(firing.message)
        if firing.rule.kind == RuleKind.ELIGIBILITY:
            eligible = False
    if not places and not guide.online_url:
        reasons.append(_("No service point handles this matter for residents of your township."))
    if outcome.problems:
        eligible = False
        reasons.append(_("Answer the questions to complete the check."))
    if outcome.failures:
        eligible = False
        reasons.append(
            _("The check could not be completed. Please call %(phone)s.")
            % {"phone": guide.consultation_phone}
        )
    result = PrecheckResult(
        eligible=eligible,
        reasons=unique(reasons),
        places=places,
        materials=materials,
        immediate=immediate,
        time_limit_days=time_limit,
        fields=outcome.fields,
        problems=outcome.problems,
        complete=not outcome.failures,
    )
    precheck_done.send_to_township(home, guide=guide, result=result)
    return result


def time_limit_reason(guide: GuidePage) -> str:
    """Why the answer gives this time limit: the guide's own case type and promise."""
    if guide.is_immediate:
        return _("Decided on the spot once your materials are complete (the guide's case type).")
    if guide.promised_days is None:
        return _("The time limit is set when your application is accepted.")
    return _("The guide promises a decision within %(days)d working days of acceptance.") % {
        "days": guide.promised_days
    }


def nearest_place_reason(place: Place) -> str:
    """Why this place comes first: whom its offer serves, and how far it is."""
    values = {"name": place.point.name, "scope": place.offer.get_scope_display()}
    if place.distance_m is None:
        return _("%(name)s handles it for: %(scope)s.") % values
    values["km"] = f"{place.distance_m / 1000:.1f}"
    return _("%(name)s is the nearest place (%(km)s km) that handles it for: %(scope)s.") % values


def unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def choose_places(
    every_place: list[Place], township: Region | None, outcome: PluginOutcome, reasons: list[str]
) -> list[Place]:
    """The places that serve the township by their offer's scope, plus those a plugin's
    acceptance rule accepts, minus those one refuses; only the county centre when routed."""
    accepted = {
        f.point_pk: f.message
        for f in outcome.fired(RuleKind.ACCEPTANCE)
        if f.rule.effect == "accept"
    }
    refused = {
        f.point_pk: f.message
        for f in outcome.fired(RuleKind.ACCEPTANCE)
        if f.rule.effect == "refuse"
    }
    places = []
    for place in every_place:
        pk = place.point.pk
        if pk in refused:
            reasons.append(refused[pk])
            continue
        if township is None or place.offer.serves(township) or pk in accepted:
            places.append(place)
            if pk in accepted:
                reasons.append(accepted[pk])
    for firing in outcome.fired(RuleKind.ROUTING):
        reasons.append(firing.message)
        places = [p for p in places if p.point.kind == ServicePoint.Kind.COUNTY_CENTRE]
    return places


def apply_material_rules(materials: list[MaterialLine], outcome: PluginOutcome) -> None:
    """Commitment, deferral and waiver rules mark the guide's material whose name contains the
    rule's ``material``; extra-material rules add one."""
    status = {
        RuleKind.COMMITMENT: MaterialStatus.COMMITMENT,
        RuleKind.DEFERRAL: MaterialStatus.DEFERRABLE,
        RuleKind.WAIVER: MaterialStatus.WAIVED,
    }
    for firing in outcome.firings:
        rule = firing.rule
        if rule.kind in status:
            for line in materials:
                if line.material is not None and rule.material in line.name:
                    line.status, line.note = status[rule.kind], firing.message
        elif rule.kind == RuleKind.EXTRA_MATERIAL and all(
            line.name != rule.material for line in materials
        ):
            materials.append(MaterialLine(rule.material, MaterialStatus.EXTRA, firing.message))
