"""Values as provincial platforms export them, made into what a guide holds.

Each function takes a cell's text and returns the value with, when it had to assume something,
a sentence saying what (the dry run lists them per row). Short structured values (codes, time
limits, phone numbers, addresses) are NFKC-normalised: full-width digits, letters and colons
become ASCII. Prose (names, conditions, materials) keeps its Chinese punctuation — NFKC would
turn “，” and “：” into “,” and “:” — and only has full-width digits and letters folded.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from guides.validators import phone_validator

# What exports write for “nothing”.
PLACEHOLDERS = {
    "",
    "无",
    "暂无",
    "/",
    "-",
    "--",
    "—",
    "——",
    "0",
    "空",
    "null",
    "none",
    "n/a",
    "无此项",
    "不涉及",
}
# Full-width digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) and the ideographic
# space, folded in prose.
FOLD = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    0x3000: 0x20,
}
DASHES = re.compile(r"[‐‑‒–—―－−]+")
# What HTML pasted from Word carries and the platform's rich text never does.
WORD = re.compile(r"mso-|class=\"?Mso|<o:p|<span|<font|style=", re.IGNORECASE)
BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
# 1、 1. (1) （1） 一、 at the start of a material's name.
NUMBERING = re.compile(r"^(?:[(（]?\d{1,2}[)）.、．]|[一二三四五六七八九十]+[、.．])\s*")
DAYS = re.compile(r"(\d+(?:\.\d+)?)\s*个?\s*(工作日|自然日|日历日|日|天|月|年|小时|分钟)?")
AT_ONCE = ("即办", "即时", "立即", "当场", "当即", "即来即办")
UNIT_DAYS = {"工作日": 1, "日": 1, "天": 1, "月": 21, "年": 250}


def fold(value: str) -> str:
    """Prose: full-width digits and letters as ASCII, runs of blanks as one space."""
    return re.sub(r"[ \t]+", " ", value.translate(FOLD)).strip()


def nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def is_placeholder(value: str) -> bool:
    return nfkc(value).lower() in PLACEHOLDERS


def name(value: str) -> str:
    """A matter's or a body's name: folded, and brackets full-width as Chinese text writes
    them, so 生育登记(二孩) and 生育登记（二孩） are the same name."""
    return fold(value).replace("(", "（").replace(")", "）")


class _Text(HTMLParser):
    """The text of HTML pasted from Word, one line per paragraph, list item or break."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def handle_starttag(self, tag, attrs):
        self.block(tag)

    def handle_endtag(self, tag):
        self.block(tag)

    def block(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.lines.append("")

    def handle_data(self, data):
        self.lines[-1] += data


def lines(value: str) -> tuple[list[str], bool]:
    """A long cell as its lines of text (HTML tags dropped, numbering kept), and whether it was
    HTML."""
    is_html = bool(re.search(r"<\s*/?\s*[a-zA-Z][^>]*>", value))
    if is_html:
        parser = _Text()
        parser.feed(value)
        parser.close()
        found = parser.lines
    else:
        found = value.splitlines()
    cleaned = [fold(html.unescape(line).replace("\xa0", " ")) for line in found]
    return [line for line in cleaned if line and not is_placeholder(line)], is_html


def rich_text(value: str, column: str) -> tuple[str, list[str]]:
    """Acceptance conditions as the guide's rich text: HTML as the platform writes it is kept,
    anything else (plain text, Word's HTML) becomes a paragraph per line."""
    if not WORD.search(value) and re.match(r"^\s*<(p|ul|ol)>", value):
        return value.strip(), []
    found, was_html = lines(value)
    notes = [_("%(column)s: Word formatting removed.") % {"column": column}] if was_html else []
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in found), notes


def items(value: str, column: str, longest: int) -> tuple[list[str], list[str]]:
    """Materials: one per line or per “；”, numbering (1、 (1) 一、) taken off."""
    found, was_html = lines(value)
    notes = [_("%(column)s: Word formatting removed.") % {"column": column}] if was_html else []
    result = []
    for line in found:
        for part in re.split(r"[；;]", line):
            part = NUMBERING.sub("", part.strip()).strip(" 。")
            if not part or is_placeholder(part):
                continue
            if len(part) > longest:
                notes.append(
                    _("%(column)s: “%(start)s…” is longer than %(n)d characters; cut.")
                    % {"column": column, "start": part[:12], "n": longest}
                )
                part = part[:longest]
            result.append(part)
    return result, notes


def days(value: str, unit: str, column: str) -> tuple[str, list[str]]:
    """A time limit in working days (digits, or empty), from “20个工作日”, “20” with a unit
    column, “3个月”, “即办” …"""
    text, unit = nfkc(value), nfkc(unit)
    if is_placeholder(text) and text != "0":
        return "", []
    if any(word in text for word in AT_ONCE):
        note = _("%(column)s: “%(value)s” read as 0 days.")
        return "0", [note % {"column": column, "value": text}]
    found = DAYS.search(text)
    if found is None:
        note = _("%(column)s: “%(value)s” is not a time limit; left empty.")
        return "", [note % {"column": column, "value": text}]
    number, given = float(found.group(1)), (found.group(2) or unit or "工作日")
    if given in ("自然日", "日历日"):
        working = math.ceil(number * 5 / 7)
    elif given in ("小时", "分钟"):
        hours = number / 60 if given == "分钟" else number
        working = 0 if hours < 8 else math.ceil(hours / 8)
    else:
        working = math.ceil(number * UNIT_DAYS.get(given, 1))
    if given == "工作日" and number.is_integer():
        return str(working), []
    note = _("%(column)s: “%(value)s” read as %(days)d working days.")
    return str(working), [note % {"column": column, "value": f"{text}{unit}", "days": working}]


def phone(value: str, column: str) -> tuple[str, list[str]]:
    """The first phone number of the cell, written as the guide's validator wants it."""
    text = nfkc(value)
    if is_placeholder(text):
        return "", []
    text = DASHES.sub("-", text).replace("转", "-")
    text = re.sub(r"[(（]\s*(\d{3,4})\s*[)）]\s*", r"\1-", text)
    candidates = [re.sub(r"\s+", "", part) for part in re.split(r"[;；,，、/或\n]| {2,}", text)]
    # 0898-12345: the government hotline 12345 dialled with the area code.
    candidates = [re.sub(r"^0\d{2,3}-?(1\d{4,5})$", r"\1", part) for part in candidates]
    valid = [part for part in candidates if part and _is_phone(part)]
    if not valid:
        note = _("%(column)s: “%(value)s” is not a phone number; left empty.")
        return "", [note % {"column": column, "value": nfkc(value)}]
    notes = []
    if len(candidates) > 1:
        note = _("%(column)s: several numbers given; the first, %(phone)s, kept.")
        notes.append(note % {"column": column, "phone": valid[0]})
    return valid[0], notes


def _is_phone(value: str) -> bool:
    try:
        phone_validator(value)
    except ValidationError:
        return False
    return True


def url(value: str, column: str) -> tuple[str, list[str]]:
    text = nfkc(value)
    if is_placeholder(text):
        return "", []
    notes = []
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = f"https://{text}"
        notes.append(_("%(column)s: “https://” added.") % {"column": column})
    try:
        URLValidator()(text)
    except ValidationError:
        note = _("%(column)s: “%(value)s” is not a web address; left empty.")
        return "", [note % {"column": column, "value": nfkc(value)}]
    return text, notes


def visits(value: str, column: str) -> tuple[str, list[str]]:
    text = nfkc(value)
    if text in ("", "/", "无", "-"):
        return "", []
    if "零" in text:
        return "0", []
    found = re.search(r"\d+", text)
    if found is None:
        note = _("%(column)s: “%(value)s” is not a number of visits; 1 assumed.")
        return "", [note % {"column": column, "value": text}]
    return found.group(0), []
