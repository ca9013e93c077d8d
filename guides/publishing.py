"""May this guide go live: the rules across a guide and its rows, and what it needs to publish.

Two kinds of rule, both kept here so every road to a live guide applies the same ones:

- The cross-row rules hold for every save, drafts included: a free matter lists no fees and a
  paid one lists them; each service point is offered once; a partner scope names its partners.
- The publish checks hold when a guide goes live (publishing, submitting for review,
  approving): drafts may be incomplete, a live guide names at least one material (or says none
  is needed), its time limit, where or how to apply (an offer or an online address) and a phone
  number to ask — what a citizen cannot do without.

They are used by the admin form (``guides.forms.GuidePageForm``: messages on the fields and
rows), bulk publishing (``editorial.wagtail_hooks``), the catalogue import
(``catalogue.importer``) and ``load_demo`` (``guides.demo.guides``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from guides.models.offers import Scope
from guides.models.service_points import ServicePoint


@dataclass(frozen=True)
class OfferRow:
    """One offer as the cross-row rules see it, whether a form row, a data row or a model."""

    service_point: ServicePoint | None
    scope: str | None
    has_partners: bool


@dataclass(frozen=True)
class OfferProblem:
    """A cross-row rule broken by the offer at ``row`` (its position), on its ``field``."""

    row: int
    field: str
    message: str


def fee_problems(is_free: bool | None, fees: int) -> dict[str, str]:
    """Field → message when the “free” tick and the number of fee rows disagree.

    ``is_free`` is None when the tick itself is invalid; then nothing is said about it.
    """
    if is_free and fees:
        return {"is_free": _("A free matter has no fees: untick this or remove the fees.")}
    if is_free is False and not fees:
        return {"is_free": _("List each fee with its amount and basis, or tick “free”.")}
    return {}


def offer_problems(offers: Sequence[OfferRow]) -> list[OfferProblem]:
    """Offers that repeat a service point already listed, or name no partners for a partner
    scope; in row order."""
    problems = []
    seen = set()
    for row, offer in enumerate(offers):
        point = offer.service_point
        if point is not None and point.pk in seen:
            message = _("%(point)s is listed twice; keep one row per service point.") % {
                "point": point
            }
            problems.append(OfferProblem(row, "service_point", message))
        elif point is not None:
            seen.add(point.pk)
        if offer.scope == Scope.PARTNERS and not offer.has_partners:
            message = _("Name the partner regions whose residents are served.")
            problems.append(OfferProblem(row, "partner_regions", message))
    return problems


@dataclass(frozen=True)
class GuideEssentials:
    """What the publish checks read of a guide: its own fields and how many rows it has."""

    materials: int
    no_materials: bool
    promised_days: int | None
    offers: int
    online_url: str
    consultation_phone: str

    @classmethod
    def of_page(cls, page) -> GuideEssentials:
        """From a guide page as it is in memory (e.g. a revision), child rows included."""
        return cls(
            materials=len(page.materials.all()),
            no_materials=page.no_materials,
            promised_days=page.promised_days,
            offers=len(page.offers.all()),
            online_url=page.online_url,
            consultation_phone=page.consultation_phone,
        )


def missing_for_publication(guide: GuideEssentials) -> dict[str, str]:
    """Field name → what the editor must add; empty when the guide may go live."""
    missing = {}
    if guide.materials == 0 and not guide.no_materials:
        missing["no_materials"] = _(
            "Add at least one material, or tick “no materials needed” if the applicant brings "
            "nothing."
        )
    if guide.materials and guide.no_materials:
        missing["no_materials"] = _("Materials are listed: untick “no materials needed”.")
    if guide.promised_days is None:
        missing["promised_days"] = _(
            "Give the promised time limit in working days (0 for a matter decided on the spot)."
        )
    if guide.offers == 0 and not guide.online_url:
        missing["online_url"] = _(
            "Say where to apply: add a service point under “Where to go”, or the online address."
        )
    if not guide.consultation_phone:
        missing["consultation_phone"] = _("Give the phone number citizens call with questions.")
    return missing
