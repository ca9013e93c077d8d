from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.files import FileError, format_of

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
