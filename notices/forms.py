"""The staff's print form: matters, hall, the applicant's township or village from the list, the
self check's questions for those matters as ordinary fields, name and phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guides.models import GuidePage, Region, ServicePoint
from guides.validators import phone_validator


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region: Region) -> str:
        if region.level == Region.Level.VILLAGE and region.parent is not None:
            return f"{region.parent.name} · {region.name}"
        return region.name


def question_field(question: dict[str, Any]) -> forms.Field:
    """One self-check question (``run_precheck``'s ``fields``) as a form field. Fields are not
    required here: the self check judges the answers and names each problem in Chinese."""
    label = f"{question['plugin_name']}：{question['label']}"
    options = {"label": label, "required": False, "help_text": question["help"]}
    choices = [(choice["value"], choice["label"]) for choice in question["choices"]]
    kind = question["type"]
    if kind == "yesno":
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **options
        )
    if kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *choices], **options)
    if kind == "multichoice":
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    input_type = {"date": "date", "number": "number", "phone": "tel"}.get(kind, "text")
    return forms.CharField(
        max_length=200, widget=forms.TextInput(attrs={"type": input_type}), **options
    )


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
    township = RegionChoiceField(
        Region.objects.filter(level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE])
        .select_related("parent")
        .order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Where the applicant lives"),
        help_text=_("Choose it to print a form for this applicant; their questions follow."),
    )
    name = forms.CharField(label=_("Applicant's name"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Applicant's phone"), max_length=30, required=False, validators=[phone_validator]
    )

    def __init__(self, *args, questions: list[dict[str, Any]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_keys = []
        for question in questions or []:
            if question["key"] not in self.fields:
                self.fields[question["key"]] = question_field(question)
                self.question_keys.append(question["key"])

    def answers(self) -> dict[str, dict[str, Any]] | None:
        """The answers given, as ``run_precheck`` takes them; None when none was asked."""
        if not self.question_keys:
            return None
        answers: dict[str, dict[str, Any]] = {}
        for key in self.question_keys:
            value = self.cleaned_data.get(key)
            if value not in (None, "", []):
                plugin_id, _dot, name = key.partition(".")
                answers.setdefault(plugin_id, {})[name] = value
        return answers

    def payload(self) -> dict:
        """The same payload the public form takes, for ``notices.answers.parse_request``."""
        data = self.cleaned_data
        return {
            "point": data["point"].pk,
            "township": data["township"].code if data["township"] else None,
            "answers": self.answers(),
            "name": data["name"],
            "phone": data["phone"],
        }
