"""What a guide still lacks to go live: the fields a published guide must fill, and the publish
checks of ``guides.publishing``.

A draft may be incomplete: Wagtail saves drafts without their required fields, and a catalogue
imported from a provincial platform brings most matters with no materials or time limits. This
is the one place that says what such a draft lacks. ``GuidePage`` stores its answer (the field
names) on every save, which is what the editors' dashboard lists and the catalogue import
counts as incomplete.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from guides.publishing import GuideEssentials, missing_for_publication

# Fields a live guide fills (the admin form requires them to publish) that a draft may leave
# empty. The title and the matter code are never empty: they name the guide.
REQUIRED_TO_GO_LIVE = (
    "matter_type",
    "implementing_body",
    "conditions",
    "case_type",
    "result",
    "consultation_phone",
)
# Short names for the publish checks' keys, which name the field a message is shown on.
LABELS = {
    "no_materials": _("materials"),
    "online_url": _("where to apply"),
    "promised_days": _("promised time limit"),
}


def missing_to_go_live(page) -> dict[str, str]:
    """Field name → what to add before ``page`` (as it is in memory) may go live; empty when
    nothing is missing. A contradiction (materials listed and “no materials” ticked) is not
    something missing and is left to the publish checks' own callers."""
    missing = {
        name: _("Fill in “%(field)s”.") % {"field": page._meta.get_field(name).verbose_name}
        for name in REQUIRED_TO_GO_LIVE
        if not getattr(page, name)
    }
    essentials = GuideEssentials.of_page(page)
    for name, message in missing_for_publication(essentials).items():
        if not (name == "no_materials" and essentials.materials):
            missing.setdefault(name, message)
    return missing


def label(page_model, name: str) -> str:
    """A short name for a missing field, as the editors' dashboard lists it."""
    return str(LABELS.get(name) or page_model._meta.get_field(name).verbose_name)
