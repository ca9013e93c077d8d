"""Admin forms whose checks span a guide and its inline rows."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from guides.models.offers import Scope


def kept_rows(formset) -> list[dict]:
    """The cleaned rows of an inline formset that are not being deleted or left empty."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class GuidePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        self._check_fees(cleaned_data)
        self._check_offers()
        return cleaned_data

    def _check_fees(self, cleaned_data) -> None:
        fees = kept_rows(self.formsets["fee_items"])
        if cleaned_data.get("is_free") and fees:
            self.add_error(
                "is_free", _("A free matter has no fees: untick this or remove the fees.")
            )
        if "is_free" in cleaned_data and not cleaned_data["is_free"] and not fees:
            self.add_error("is_free", _("List each fee with its amount and basis, or tick “free”."))

    def _check_offers(self) -> None:
        seen = set()
        for form in self.formsets["offers"].forms:
            row = form.cleaned_data
            if not row or row.get("DELETE"):
                continue
            point = row.get("service_point")
            if point is not None and point.pk in seen:
                form.add_error(
                    "service_point",
                    _("%(point)s is listed twice; keep one row per service point.")
                    % {"point": point},
                )
            elif point is not None:
                seen.add(point.pk)
            if row.get("scope") == Scope.PARTNERS and not row.get("partner_regions"):
                form.add_error(
                    "partner_regions", _("Name the partner regions whose residents are served.")
                )
