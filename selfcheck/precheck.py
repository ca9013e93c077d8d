"""The one decision for an applicant (自助预审): can they apply, where and at which window, what
exactly to bring and in which status, how long, and why.

``run_precheck`` is the only place this is decided. The guide page (its places and its
materials), the self-check page, the precheck API, the places API, the public one-time
notification form (一次性告知单), the staff print and the batch print all call it and only
present what it says, so they cannot disagree. The guide alone gives the baseline (its
materials, time limit and offers); the township plugins that apply refine it.

A point the applicant asks about that will not serve them is never "eligible": the answer says
why, and names the nearest point that will, measured from the applicant's village (or position),
not from the hall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from guides.models import GuidePage, Region, ServicePoint, Window
from guides.places import Place, distance_text, origin_of, places_for, window_for
from plugins.api import RuleKind
from plugins.evaluation import PluginOutcome, apply_plugins
from plugins.signals import precheck_done
from selfcheck.materials import (
    SITUATION,
    MaterialLine,
    MaterialStatus,
    decide_materials,
    situation_answers,
)

__all__ = ["MaterialLine", "MaterialStatus", "PrecheckResult", "ServingPlace", "run_precheck"]


@dataclass(frozen=True)
class ServingPlace:
    """A place that will take this applicant's application, with the window they go to (one
    that exists at the point) and the plugin message that admits them there, if one does."""

    place: Place
    window: Window | None
    admitted_by: str = ""

    @property
    def point(self) -> ServicePoint:
        return self.place.point

    @property
    def offer(self):
        return self.place.offer

    @property
    def distance_m(self) -> int | None:
        return self.place.distance_m

    @property
    def distance(self) -> str:
        return distance_text(self.place.distance_m)

    @property
    def open_now(self) -> bool:
        return self.place.open_now

    @property
    def window_label(self) -> str:
        return str(self.window) if self.window else ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.point.pk, **self.place.as_json(), "window": self.window_label}


@dataclass
class PrecheckResult:
    eligible: bool
    reasons: list[str]
    places: list[ServingPlace]  # every place that serves the applicant, nearest first
    materials: list[MaterialLine]
    immediate: bool
    time_limit_days: int | None
    fields: list[dict[str, Any]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # "<plugin>.<field>" -> what is wrong
    complete: bool = True  # False when a plugin rule failed (the check then denies)
    point: ServicePoint | None = None  # the point asked about, if any
    place: ServingPlace | None = None  # that point, when it serves the applicant
    refusal: str = ""  # why the point asked about will not serve the applicant

    @property
    def nearest(self) -> ServingPlace | None:
        return self.places[0] if self.places else None

    @property
    def where(self) -> ServingPlace | None:
        """Where the applicant goes: the point asked about, else the nearest."""
        return self.place if self.point is not None else self.nearest


def run_precheck(
    guide: GuidePage,
    *,
    township: Region | None,
    point: ServicePoint | None = None,
    answers: dict[str, Any] | None = None,
    origin: tuple[float, float] | None = None,
) -> PrecheckResult:
    """What the guide and the plugins that apply say for a resident of ``township`` (a township
    or a village), at ``point`` if asked. ``answers`` are keyed by plugin id,
    ``{"<plugin>": {"<field>": …}}``, with the material situations under ``"_situation"``;
    ``origin`` (lat, lon) is where the applicant is, else their village's or township's seat."""
    answers = answers or {}
    home = township.township if township is not None and township.township else township
    origin = origin or origin_of(township)
    every_place = places_for(guide, origin=origin)
    outcome = apply_plugins(
        guide,
        township=home,
        point=point,
        candidates=[place.point for place in every_place],
        answers={key: value for key, value in answers.items() if key != SITUATION},
    )
    situation_fields, situation_problems, situations = situation_answers(guide, answers)
    verdicts = serving_places(every_place, home, outcome)
    result = PrecheckResult(
        eligible=bool(verdicts.places) or bool(guide.online_url),
        reasons=[],
        places=verdicts.places,
        materials=decide_materials(guide, outcome, situations),
        immediate=guide.is_immediate,
        time_limit_days=guide.promised_days,
        fields=outcome.fields + situation_fields,
        problems={**outcome.problems, **situation_problems},
        complete=not outcome.failures,
        point=point,
    )
    if point is not None:
        result.place = next((p for p in verdicts.places if p.point.pk == point.pk), None)
        if result.place is None:
            result.eligible = False
            result.refusal = refusal(guide, point, home, every_place, verdicts.refused)
    decide_reasons(guide, result, outcome, verdicts)
    precheck_done.send_to_township(home, guide=guide, result=result)
    return result


@dataclass
class PlaceVerdicts:
    """Which places take the applicant, which a plugin turns away (point id → its message), and
    the messages of those turned away that would otherwise have taken them."""

    places: list[ServingPlace]
    refused: dict[int, str]
    turned_away: list[str]


def serving_places(
    every_place: list[Place], township: Region | None, outcome: PluginOutcome
) -> PlaceVerdicts:
    """The places that serve the township by their offer's scope, plus those a plugin's
    acceptance rule accepts, minus those one refuses; only the county centre when routed."""
    accepted, refused = {}, {}
    for firing in outcome.fired(RuleKind.ACCEPTANCE):
        (accepted if firing.rule.effect == "accept" else refused)[firing.point_pk] = firing.message
    routed = outcome.fired(RuleKind.ROUTING)
    verdicts = PlaceVerdicts([], refused, [])
    for place in every_place:
        pk = place.point.pk
        takes = township is None or place.offer.serves(township) or pk in accepted
        if routed and place.point.kind != ServicePoint.Kind.COUNTY_CENTRE:
            refused.setdefault(pk, routed[0].message)
        if pk in refused:
            if takes:
                verdicts.turned_away.append(refused[pk])
        elif takes:
            window = window_for(place.offer, township)
            verdicts.places.append(ServingPlace(place, window, accepted.get(pk, "")))
    return verdicts


def refusal(
    guide: GuidePage,
    point: ServicePoint,
    township: Region | None,
    every_place: list[Place],
    refused: dict[int, str],
) -> str:
    """Why ``point`` will not take this applicant's application."""
    if point.pk in refused:
        return refused[point.pk]
    values = {
        "point": point.name,
        "matter": guide.title,
        "township": township.name if township else "",
    }
    offer = next((p.offer for p in every_place if p.point.pk == point.pk), None)
    if offer is None:
        return _("%(point)s does not handle “%(matter)s”.") % values
    values["scope"] = offer.get_scope_display()
    text = _(
        "%(point)s does not take “%(matter)s” from residents of %(township)s: it serves %(scope)s."
    )
    return text % values


def decide_reasons(
    guide: GuidePage, result: PrecheckResult, outcome: PluginOutcome, verdicts: PlaceVerdicts
) -> None:
    """The reasons behind each statement, none of them contradicting the eligibility; and the
    time limit and local materials of the place the applicant goes to. Asked about one point,
    the plugins' messages about places are that point's only."""
    reasons: list[str] = []
    where = result.where
    barred = outcome.fired(RuleKind.ELIGIBILITY)
    # Unanswered questions or a failed rule leave the answer open: no place is promised.
    undecided = bool(result.problems) or not result.complete
    if barred:
        result.eligible = False
        reasons += [firing.message for firing in barred]
    if result.refusal:
        reasons.append(result.refusal)
    if where is not None:
        apply_local_terms(result, where)
        if not barred and not undecided:
            reasons.append(place_reason(where, chosen=result.place is not None))
            if where.admitted_by:
                reasons.append(where.admitted_by)
    if result.point is None and not barred:
        reasons += [place.admitted_by for place in result.places if place.admitted_by]
        reasons += verdicts.turned_away
    if result.refusal and result.nearest is not None and not barred:
        reasons.append(place_reason(result.nearest, chosen=False))
    if not result.places:
        reasons.append(no_place_reason(guide))
    if outcome.fired(RuleKind.IMMEDIATE):
        result.immediate, result.time_limit_days = True, 0
    else:
        reasons.append(time_limit_reason(guide, where))
    for firing in outcome.firings:
        if firing.rule.kind not in (RuleKind.ACCEPTANCE, RuleKind.ROUTING, RuleKind.ELIGIBILITY):
            reasons.append(firing.message)
    routed = outcome.fired(RuleKind.ROUTING)
    if routed and not result.refusal and not barred:
        reasons.append(routed[0].message)
    if result.problems:
        result.eligible = False  # undecided until the questions are answered
    if not result.complete:
        result.eligible = False
        reasons.append(
            _("The check could not be completed. Please call %(phone)s.")
            % {"phone": guide.consultation_phone}
        )
    result.reasons = list(dict.fromkeys(reasons))


def apply_local_terms(result: PrecheckResult, where: ServingPlace) -> None:
    """The place's own promised time limit and extra materials, where its offer sets them."""
    if where.offer.local_promised_days is not None:
        result.immediate = where.offer.local_promised_days == 0
        result.time_limit_days = where.offer.local_promised_days
    for extra in where.offer.extra_material_list:
        if all(line.name != extra for line in result.materials):
            note = _("Needed at %(point)s.") % {"point": where.point.name}
            result.materials.append(MaterialLine(extra, MaterialStatus.REQUIRED, note))


def place_reason(place: ServingPlace, *, chosen: bool) -> str:
    """Where to go and why there: the place, its window, and how far it is."""
    values = {"name": place.point.name, "window": place.window_label, "distance": place.distance}
    if chosen:
        if place.window and place.distance:
            text = _("%(name)s takes it, at the window %(window)s (%(distance)s from you).")
        elif place.window:
            text = _("%(name)s takes it, at the window %(window)s.")
        elif place.distance:
            text = _("%(name)s takes it (%(distance)s from you).")
        else:
            text = _("%(name)s takes it.")
        return text % values
    if place.window and place.distance:
        text = _("The nearest place that takes it is %(name)s (%(distance)s), window %(window)s.")
    elif place.distance:
        text = _("The nearest place that takes it is %(name)s (%(distance)s).")
    elif place.window:
        text = _("%(name)s takes it, at the window %(window)s.")
    else:
        text = _("%(name)s takes it.")
    return text % values


def no_place_reason(guide: GuidePage) -> str:
    if guide.online_url:
        return _("No service point takes it for residents of your township; apply online.")
    return _("No service point handles this matter for residents of your township.")


def time_limit_reason(guide: GuidePage, place: ServingPlace | None) -> str:
    """Why the answer gives this time limit: the place's own promise, else the guide's."""
    if place is not None and place.offer.local_promised_days is not None:
        days = place.offer.local_promised_days
        if days == 0:
            return _("%(name)s decides it on the spot.") % {"name": place.point.name}
        return _("%(name)s promises a decision within %(days)d working days.") % {
            "name": place.point.name,
            "days": days,
        }
    if guide.is_immediate:
        return _("Decided on the spot once your materials are complete (the guide's case type).")
    if guide.promised_days is None:
        return _("The time limit is set when your application is accepted.")
    return _("The guide promises a decision within %(days)d working days of acceptance.") % {
        "days": guide.promised_days
    }
