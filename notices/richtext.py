"""Guide rich text made safe to print: a small allow-list of tags, no attributes but a link's
target and an image's source, and nothing of <style>, <script> or <link>.

An editor's text sits inside the form's own tables; stray ``</table>``, inline styles or a
stylesheet could otherwise move, hide or restyle the form's statements. Images stay (they may be
legitimate), and the fetcher decides whether their source may load.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from wagtail.rich_text import expand_db_html

ALLOWED = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "img", "h3", "h4"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
VOID = {"br", "img"}
DROPPED_WITH_CONTENT = {"script", "style", "title", "template", "noscript"}


class Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED:
            return
        kept = "".join(
            f' {name}="{escape(value or "")}"'
            for name, value in attrs
            if name in ATTRIBUTES.get(tag, ())
        )
        self.out.append(f"<{tag}{kept}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in self.open:
            return
        # Close whatever the editor left open inside it, so the nesting stays sound.
        while self.open:
            closed = self.open.pop()
            self.out.append(f"</{closed}>")
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def clean_rich_text(html: str) -> str:
    cleaner = Cleaner()
    cleaner.feed(expand_db_html(html or ""))
    return cleaner.result()
