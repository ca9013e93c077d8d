"""What a guide needs before it goes live: what a citizen cannot do without.

Drafts may be incomplete; publishing, submitting for review and approving are refused until
the guide names at least one material (or says none is needed), its time limits, where or how
to apply (an offer or an online address) and a phone number to ask. The same check runs on the
admin form (messages on the fields), on bulk publishing and on catalogue imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class GuideEssentials:
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
