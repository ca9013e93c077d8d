"""The admin's rich text editor widget (WAGTAILADMIN_RICH_TEXT_EDITORS), guarded."""

from __future__ import annotations

from wagtail.admin.rich_text import DraftailRichTextArea

from guides.rich_text import UNREADABLE


class GuardedDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's Draftail widget; a posted value it cannot read (raw HTML instead of the
    editor's JSON, say) becomes a message on the field instead of a JSONDecodeError (a 500)."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return UNREADABLE
