"""Guide rich text, sanitised with an allow-list on the way in and again on the way out.

The admin's editor (Draftail) can only produce the features a field allows, but other roads
write the same columns unchecked: the catalogue import's HTML columns, ``load_demo``, the
shell, any future API. ``SanitisedRichTextField`` cleans the value whenever it is saved (a
page, a bulk insert, the revision Wagtail stores for drafts and previews); the ``richtext``
filter's template (``templates/wagtailcore/shared/richtext.html``) and the admin's read-only
view clean what they show, so text stored before this existed is safe too.

Allowed: paragraphs, line breaks, bold and italic, lists, headings 2-4, rules and links to
http(s), mailto and tel addresses or Wagtail's internal links; no other tag, no attribute but a
link's, no script, style or event handler.
"""

from __future__ import annotations

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

TAGS = {"p", "br", "b", "strong", "i", "em", "ol", "ul", "li", "a", "h2", "h3", "h4", "hr"}
BLOCKS = {"p", "li", "h2", "h3", "h4", "ol", "ul"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# As stored: Wagtail's database format keeps internal links as <a linktype="page" id="3"> and
# the editor's block keys (data-block-key) on each block.
STORED = nh3.Cleaner(
    tags=TAGS,
    attributes={"a": {"href", "linktype", "id"}, **{tag: {"data-block-key"} for tag in BLOCKS}},
    url_schemes=URL_SCHEMES,
    link_rel=None,
)
# As shown, after Wagtail has turned its internal links into addresses.
SHOWN = nh3.Cleaner(tags=TAGS, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES, link_rel=None)


def clean_stored(html: str) -> str:
    return STORED.clean(html) if html else html


def clean_shown(html: str) -> str:
    return SHOWN.clean(html) if html else html


# What the editor widget (guides.rich_text_editor) hands the form when the posted value is not
# the editor's JSON (raw HTML posted by hand, a truncated request): a marker the form field
# refuses with a message.
UNREADABLE = "\x00unreadable rich text"


class RichTextFormField(forms.CharField):
    def to_python(self, value):
        if value == UNREADABLE:
            raise ValidationError(
                _("This text could not be read. Reload the page and enter it again."),
                code="unreadable",
            )
        return super().to_python(value)


class SanitisedRichTextField(RichTextField):
    """A ``RichTextField`` whose value is cleaned (``clean_stored``) whenever it is saved."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        cleaned = clean_stored(value)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

    def deconstruct(self):
        # The column is a RichTextField's: migrations need not know the difference.
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs
