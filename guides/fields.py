"""Model fields shared by the guide models."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A list of values from a fixed set, edited as checkboxes.

    Stored as a JSON list so it works the same on SQLite (the quick start) and PostgreSQL.
    """

    def __init__(self, *args, base_choices=(), **kwargs):
        self.base_choices = list(base_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # The choices are enforced by validate() and the form; they do not shape the column.
        kwargs.pop("base_choices", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.base_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {choice for choice, _label in self.base_choices}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s"), params={"values": ", ".join(map(str, unknown))}
            )
        if len(set(value or [])) != len(value or []):
            raise ValidationError(_("Each value may be chosen only once."))
