from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.files import FileError, format_of
from catalogue.national import TARGETS

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"), help_text=_("CSV (UTF-8), XLSX or JSON; see the format.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except FileError as error:
            raise forms.ValidationError(str(error)) from error
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV"), ("json", "JSON")]
    )
    columns = forms.ChoiceField(
        label=_("Columns"),
        choices=[
            ("platform", _("The platform's (code, title …)")),
            ("national", _("National (事项名称, 实施编码 …)")),
        ],
        required=False,
    )
    township = forms.ModelChoiceField(
        label=_("Township"),
        queryset=None,
        required=False,
        empty_label=_("The whole catalogue"),
    )

    def __init__(self, *args, **kwargs):
        from guides.models import Region

        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Region.objects.filter(level=Region.Level.TOWNSHIP)


class MappingForm(forms.Form):
    """One choice per header the national names do not cover: which field it is, or ignore it.
    Saved, the mapping reads every later file with the same header."""

    def __init__(self, *args, headers: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— leave out this time —")), *((t, t) for t in TARGETS)]
        self.headers = list(headers)
        for number, (header, suggestion) in enumerate(headers.items()):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=suggestion
            )

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{number}"]
            for number, header in enumerate(self.headers)
            if self.cleaned_data[f"column_{number}"]
        }
