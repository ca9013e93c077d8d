"""The dry run as lines of text (the command prints them): how the columns were read, then per
row what is wrong, what an incomplete matter lacks and what reading it assumed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalogue.files import Reading
from catalogue.importer import Preview
from guides.completeness import label
from guides.models import GuidePage


def column_lines(reading: Reading) -> list[str]:
    if not reading.national:
        return []
    lines = [_("National columns.")]
    if reading.columns.unused:
        lines.append(_("Not used: %(names)s.") % {"names": "、".join(reading.columns.unused)})
    for header, suggestion in reading.columns.unknown.items():
        hint = f" --map {header}={suggestion}" if suggestion else f" --map {header}=…"
        message = _("Column “%(name)s” not recognised, left out; map it:") % {"name": header}
        lines.append(message + hint)
    return lines


def missing_labels(missing: dict[str, str]) -> str:
    return "、".join(label(GuidePage, name) for name in missing)


def row_lines(preview: Preview) -> list[str]:
    lines = [f"row {p.row}, {p.column}: {p.message}" for p in preview.problems]
    for outcome in preview.outcomes:
        if outcome.missing:
            lines.append(
                f"row {outcome.row} ({outcome.code}): "
                + _("incomplete, a draft; missing: %(fields)s")
                % {"fields": missing_labels(outcome.missing)}
            )
        lines += [f"row {outcome.row}: {note}" for note in outcome.notes]
    return lines
