"""The staff's print form: matters, hall, and optionally the applicant's township and answers."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from guides.models import GuidePage, Region, ServicePoint
from guides.validators import phone_validator


class PrintForm(forms.Form):
    guides = forms.ModelMultipleChoiceField(
        GuidePage.objects.live().order_by("title"),
        label=_("Matters"),
        help_text=_("One or more matters; they are printed together in one PDF."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    point = forms.ModelChoiceField(
        ServicePoint.objects.select_related("region"), label=_("Service point")
    )
    township = forms.ModelChoiceField(
        Region.objects.filter(level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE]).order_by(
            "code"
        ),
        to_field_name="code",
        required=False,
        label=_("Applicant's township"),
        help_text=_("Only for a form prepared from the applicant's answers."),
    )
    answers = forms.CharField(
        label=_("Self-check answers (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for a form prepared from the applicant's answers."),
    )
    name = forms.CharField(label=_("Applicant's name"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Applicant's phone"), max_length=30, required=False, validators=[phone_validator]
    )

    def clean_answers(self) -> dict | None:
        text = self.cleaned_data["answers"].strip()
        if not text:
            return None
        try:
            answers = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("Not valid JSON: %s") % error) from error
        if not isinstance(answers, dict):
            raise forms.ValidationError(
                _("The answers must be an object of field names and values.")
            )
        return answers

    def payload(self) -> dict:
        """The same payload the public form takes, for ``notices.answers.parse_request``."""
        data = self.cleaned_data
        return {
            "point": data["point"].pk,
            "township": data["township"].code if data["township"] else None,
            "answers": data["answers"],
            "name": data["name"],
            "phone": data["phone"],
        }
