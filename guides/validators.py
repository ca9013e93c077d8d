"""Validators for the codes and numbers that appear in service guides."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

division_code_validator = RegexValidator(
    r"^\d{12}$", _("An administrative division code has exactly 12 digits.")
)

# A matter code as the provincial platforms write it: a county's own short code, a 31-character
# task code, or a composite 实施编码 of 55 characters (基本编码-area-000-credit code-1-00).
MATTER_CODE_LENGTH = 64
matter_code_validator = RegexValidator(
    rf"^[A-Za-z0-9][A-Za-z0-9-]{{3,{MATTER_CODE_LENGTH - 1}}}$",
    _("Use 4–64 letters, digits and hyphens, e.g. 469034-XK-001."),
)

phone_validator = RegexValidator(
    r"^(\d{3,4}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|1\d{4,5}|400-?\d{3}-?\d{4})$",
    _("Enter a phone number such as 0898-83312345, 13812345678 or 12345."),
)

latitude_validators = [
    MinValueValidator(-90, _("Latitude must be between -90 and 90.")),
    MaxValueValidator(90, _("Latitude must be between -90 and 90.")),
]
longitude_validators = [
    MinValueValidator(-180, _("Longitude must be between -180 and 180.")),
    MaxValueValidator(180, _("Longitude must be between -180 and 180.")),
]
