"""The guide page's admin form: the rules of ``guides.publishing`` as messages on the fields."""

from wagtail.admin.forms import WagtailAdminPageForm

from guides.publishing import (
    GuideEssentials,
    OfferRow,
    fee_problems,
    missing_for_publication,
    offer_problems,
)

# The submit buttons of the page editor that make a revision go live or ask for it to.
GOING_LIVE = ("action-publish", "action-submit", "action-restart-workflow")


def kept_rows(formset) -> list[tuple[object, dict]]:
    """(form, cleaned row) of an inline formset's rows that are not deleted or left empty.

    Wagtail validates the inline formsets after the page form, so they are cleaned here first;
    the result is cached and the formset's own errors are kept.
    """
    formset.is_valid()
    return [
        (form, form.cleaned_data)
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class GuidePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        fees = kept_rows(self.formsets["fee_items"])
        for field, message in fee_problems(cleaned_data.get("is_free"), len(fees)).items():
            self.add_error(field, message)
        self._check_offers()
        if self._going_live():
            self._check_publishable(cleaned_data)
        return cleaned_data

    def _going_live(self) -> bool:
        approving = self.data.get("workflow-action-name") == "approve"
        return approving or any(action in self.data for action in GOING_LIVE)

    def _check_publishable(self, cleaned_data) -> None:
        essentials = GuideEssentials(
            materials=len(kept_rows(self.formsets["materials"])),
            no_materials=bool(cleaned_data.get("no_materials")),
            promised_days=cleaned_data.get("promised_days"),
            offers=len(kept_rows(self.formsets["offers"])),
            online_url=cleaned_data.get("online_url") or "",
            consultation_phone=cleaned_data.get("consultation_phone") or "",
        )
        for field, message in missing_for_publication(essentials).items():
            if field not in self.errors:
                self.add_error(field, message)

    def _check_offers(self) -> None:
        offers = kept_rows(self.formsets["offers"])
        rows = [
            OfferRow(row.get("service_point"), row.get("scope"), bool(row.get("partner_regions")))
            for _form, row in offers
        ]
        for problem in offer_problems(rows):
            offers[problem.row][0].add_error(problem.field, problem.message)
