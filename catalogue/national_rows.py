"""National rows read into catalogue rows: each cell cleaned (``catalogue.cleaning``), the
township and the service point worked out, and every assumption kept as a note of its row for
the dry run; of several versions of one code the latest is kept, test rows are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from catalogue import cleaning
from catalogue.national import (
    CASE_TYPES,
    CJK,
    CODE,
    COMPOSITE,
    MATTER_TYPES,
    OTHER_POWERS,
    TARGETS,
    TYPE_CODES,
    WITHDRAWN,
    Columns,
)
from catalogue.rows import TRUE, CellError, Row, offer_from_line, text
from guides.models import Region, ServicePoint, Window


@dataclass
class Places:
    """What rows are matched against: townships (by code and name) and service points, each
    point under the names an address may call it by."""

    townships: dict[str, Region]
    points: list[tuple[str, ServicePoint]]

    @classmethod
    def load(cls) -> Places:
        townships = {r.code: r for r in Region.objects.filter(level=Region.Level.TOWNSHIP)}
        windows = Prefetch("windows", queryset=Window.objects.order_by("-name"))
        named = []
        for point in ServicePoint.objects.prefetch_related(windows):
            short = short_county_names(point.name)
            named.append((short, point))
            county = re.match(r"\w{2}县", short)
            if point.kind == ServicePoint.Kind.COUNTY_CENTRE and county:
                named.append((short[county.end() - 1 :], point))  # 县政务服务中心
        # Longest names first: 英州镇便民服务中心24小时自助服务区 before 英州镇便民服务中心.
        named.sort(key=lambda pair: (-len(pair[0]), pair[1].name))
        return cls(townships, named)

    def township_named_in(self, body: str) -> Region | None:
        found = [t for t in self.townships.values() if t.name in body]
        return found[0] if len(found) == 1 else None

    def point_at(self, place: str) -> ServicePoint | None:
        place = short_county_names(place)
        return next((point for name, point in self.points if name in place), None)

    def hall_of(self, township: Region) -> ServicePoint | None:
        halls = {
            point.pk: point
            for _name, point in self.points
            if point.kind == ServicePoint.Kind.TOWNSHIP_HALL and point.township_id == township.pk
        }
        return next(iter(halls.values())) if len(halls) == 1 else None


def short_county_names(value: str) -> str:
    # 陵水黎族自治县 is 陵水县 in everyday writing, also in addresses.
    return re.sub(r"(\w{2})\w{1,3}族自治县", r"\1县", value)


def window_named_in(point: ServicePoint, place: str) -> str:
    """The point's window the address names (“…12-13号公安户政窗口”), or ""."""
    names = sorted((w.name for w in point.windows.all()), key=len, reverse=True)
    return next((name for name in names if name in place), "")


class RowReader:
    """One national row (header → cell) into a catalogue row, with the notes of what it
    assumed."""

    def __init__(self, columns: Columns, places: Places):
        self.columns = columns
        self.places = places

    def read(self, cells: dict[str, Any]) -> tuple[Row | CellError, dict[str, str], list[str]]:
        """The row (or the CellError of an unreadable cell), the national-only values (version,
        update time) and the notes."""
        values = {target: "" for target in TARGETS}
        for header, target in self.columns.fields.items():
            values[target] = text(cells.get(header))
        notes: list[str] = []
        try:
            row = self.row(values, notes)
        except CellError as error:
            return error, values, notes
        return row, values, notes

    def row(self, v: dict[str, str], notes: list[str]) -> Row:
        code = re.sub(r"\s+", "", cleaning.nfkc(v["code"]))
        if cleaning.is_placeholder(code):
            code = ""
        if code and not CODE.match(code):
            raise CellError("code", _("“%(code)s” is not a matter code.") % {"code": v["code"]})
        base, area = self.code_parts(code, v["base_code"], notes)
        title = cleaning.name(v["title"])
        body = "" if cleaning.is_placeholder(v["implementing_body"]) else v["implementing_body"]
        body = cleaning.name(body)
        if not body and not cleaning.is_placeholder(v["department"]):
            body = cleaning.name(v["department"])
            notes.append(
                _("实施主体 not given: the competent department %(body)s.") % {"body": body}
            )
        township = self.township(v["township"], area, body, v["level"], notes)
        statutory, found = cleaning.days(v["statutory_days"], v["statutory_unit"], "法定办结时限")
        notes += found
        promised, found = cleaning.days(v["promised_days"], v["promised_unit"], "承诺办结时限")
        notes += found
        conditions, found = cleaning.rich_text(v["conditions"], "受理条件")
        notes += found
        materials, found = cleaning.items(v["materials"], "申请材料", 200)
        notes += found
        consultation, found = cleaning.phone(v["consultation_phone"], "咨询电话")
        notes += found
        complaint, found = cleaning.phone(v["complaint_phone"], "监督投诉电话")
        notes += found
        online, found = cleaning.url(v["online_url"], "网办地址")
        notes += found
        visits, found = cleaning.visits(v["visits"], "到办事现场次数")
        notes += found
        visits = visits or "1"  # as the platform's own columns read an empty cell
        other_names, _found = cleaning.items(v["other_names"], "俗称", 100)
        case_type, promised = self.case_type(v["case_type"], promised, notes)
        return {
            "code": code,
            "base_code": base,
            "title": title,
            "township": township.code if township else "",
            "matter_type": self.matter_type(v["matter_type"], notes),
            "implementing_body": body,
            "audience": self.audience(v["audience"]),
            "summary": cleaning.fold(v["summary"]),
            "other_names": other_names,
            "conditions": conditions,
            "case_type": case_type,
            "statutory_days": statutory,
            "promised_days": promised,
            "visits": visits,
            "result": "" if cleaning.is_placeholder(v["result"]) else cleaning.name(v["result"]),
            "result_delivery": ""
            if cleaning.is_placeholder(v["result_delivery"])
            else cleaning.fold(v["result_delivery"]),
            "consultation_phone": consultation,
            "complaint_phone": complaint,
            "online_url": online,
            "last_verified": cleaning.nfkc(v["last_verified"]),
            "no_materials": cleaning.nfkc(v["no_materials"]).lower() in TRUE,
            "materials": materials,
            "offers": self.offers(v, township, notes),
        }

    def code_parts(self, code: str, given_base: str, notes: list[str]) -> tuple[str, str]:
        """The 基本编码 (given, or the first part of a composite 实施编码) and the 12-digit area
        code of a composite 实施编码."""
        base = re.sub(r"\s+", "", cleaning.nfkc(given_base))
        base = "" if cleaning.is_placeholder(base) else base
        composite = COMPOSITE.match(code)
        if composite and not base:
            base = composite["base"]
            notes.append(_("基本编码 %(base)s taken from the 实施编码.") % {"base": base})
        if base and not CODE.match(base):
            raise CellError("base_code", _("“%(code)s” is not a 基本编码.") % {"code": base})
        return base, composite["area"] if composite else ""

    def township(self, given: str, area: str, body: str, level: str, notes) -> Region | None:
        """The township owning a local matter: a division code column, the area of a composite
        code, or a township named in the implementing body of a township-level row."""
        given = cleaning.nfkc(given)
        if given and not cleaning.is_placeholder(given):
            if given not in self.places.townships:
                raise CellError(
                    "township", _("Unknown township code “%(code)s”.") % {"code": given}
                )
            return self.places.townships[given]
        if area in self.places.townships:
            return self.places.townships[area]
        named = self.places.township_named_in(body)
        if named is not None:
            notes.append(
                _("Township %(name)s read from the implementing body.") % {"name": named.name}
            )
            return named
        if any(word in level for word in ("乡", "镇", "街道")):
            notes.append(
                _("行使层级 says %(level)s but names no township of this county: county-wide.")
                % {"level": level}
            )
        return None

    def matter_type(self, value: str, notes: list[str]) -> str:
        name = re.sub(r"\s+", "", cleaning.nfkc(value)).removesuffix("事项").replace("其它", "其他")
        if cleaning.is_placeholder(name):
            return ""
        name = TYPE_CODES.get(name.zfill(2) if name.isdigit() else name, name)
        if name in MATTER_TYPES:
            return MATTER_TYPES[name]
        if name in OTHER_POWERS:
            notes.append(_("事项类型 %(type)s imported as 其他行政权力.") % {"type": name})
            return "other_power"
        raise CellError(
            "matter_type",
            _("“%(value)s” is not a matter type: use %(names)s or their codes 01–10, 20.")
            % {"value": value, "names": "、".join(MATTER_TYPES)},
        )

    def audience(self, value: str) -> str:
        person, legal = "自然人" in value or "个人" in value, "法人" in value or "组织" in value
        if person and legal:
            return "both"
        return "legal_person" if legal else "person"

    def case_type(self, value: str, promised: str, notes: list[str]) -> tuple[str, str]:
        """办件类型 and the promised days: derived from each other when one is missing, and a
        即办件 promised in 1 working day (how many platforms write “the same day”) is promised
        in 0."""
        value = cleaning.nfkc(value)
        if value in CASE_TYPES:
            if CASE_TYPES[value] == "immediate" and promised == "1":
                notes.append(_("即办件 promised in 1 working day: decided on the spot, 0 days."))
                promised = "0"
            return CASE_TYPES[value], promised
        if promised:
            derived = "immediate" if promised == "0" else "promised"
            notes.append(
                _("办件类型 “%(value)s”: %(type)s, from the promised time limit.")
                % {"value": value, "type": "即办件" if derived == "immediate" else "承诺件"}
            )
            return derived, promised
        return "", promised

    def offers(self, v: dict[str, str], township: Region | None, notes) -> list[dict]:
        """The platform's own offer lines when the file has them (its national export does),
        else the service point the 办理地点 names, or a township matter's hall."""
        if "offers" in self.columns.fields.values():
            return [offer_from_line(line) for line in v["offers"].splitlines() if line.strip()]
        place, scope = cleaning.fold(v["place"]), v["scope"]
        point = self.places.point_at(place) if place else None
        if point is None and township is not None:
            point = self.places.hall_of(township)
            if point is not None:
                notes.append(
                    _("办理地点 names no service point: the township's hall, %(point)s.")
                    % {"point": point.name}
                )
        elif point is not None and place != point.name:
            notes.append(_("办理地点: at %(point)s.") % {"point": point.name})
        if point is None:
            if place and not cleaning.is_placeholder(place):
                notes.append(
                    _("办理地点 “%(place)s” names no service point of this county.")
                    % {"place": place[:40]}
                )
            return []
        modes = ["window"]
        county_wide = any(word in scope for word in ("全县", "全市", "全省", "全国", "跨"))
        hall = point.kind in (ServicePoint.Kind.TOWNSHIP_HALL, ServicePoint.Kind.VILLAGE_STATION)
        if hall and county_wide:
            modes.append("cross_township")
        scope_value = "county" if county_wide or not hall else "township"
        window = window_named_in(point, place)
        return [
            {"service_point": point.name, "modes": modes, "scope": scope_value, "window": window}
        ]


@dataclass(frozen=True)
class Passed:
    """A row left out of the import: an older version of a later row, or a test row."""

    status: str  # "duplicate" or "skipped"
    code: str
    message: str


def read_national(
    records: list[tuple[int, dict]], columns: Columns, places: Places
) -> tuple[list[tuple[int, Row | CellError | Passed]], dict[int, list[str]]]:
    """Each record as a row, a CellError or a row passed over, and the notes per row number.

    Of the rows with one code the latest version is imported (the highest 版本号, then the
    latest 更新时间, then the last in the file) and the others are duplicates; a row whose name
    has no Chinese character (ssssss, test) is a test row and skipped.
    """
    reader = RowReader(columns, places)
    read: list[tuple[int, Row | CellError | Passed]] = []
    notes: dict[int, list[str]] = {}
    versions: dict[str, list[tuple[tuple, int]]] = {}
    names: dict[str, tuple[int, str]] = {}
    for number, cells in records:
        row, values, found = reader.read(cells)
        notes[number] = found
        state = cleaning.nfkc(values["state"])
        if isinstance(row, dict) and any(word in state for word in WITHDRAWN):
            message = _("事项状态 “%(state)s”: no longer handled, skipped.")
            row = Passed("skipped", row["code"], message % {"state": state})
        elif isinstance(row, dict) and not CJK.search(row["title"]):
            message = _("“%(title)s” is not a matter's name: a test row, skipped.")
            row = Passed("skipped", row["code"], message % {"title": row["title"]})
        elif isinstance(row, dict) and row["code"]:
            key = (version_key(values["version"]), version_key(values["updated"]), number)
            versions.setdefault(row["code"], []).append((key, number))
            first = names.setdefault(row["title"], (number, row["code"]))
            if first[1] != row["code"]:
                found.append(
                    _("Row %(row)d has the same name under code %(code)s: both are imported.")
                    % {"row": first[0], "code": first[1]}
                )
        read.append((number, row))
    latest = {code: max(rows)[1] for code, rows in versions.items() if len(rows) > 1}
    for index, (number, row) in enumerate(read):
        code = row.get("code") if isinstance(row, dict) else None
        if code in latest and latest[code] != number:
            message = _("An older version of row %(row)d (same code %(code)s): not imported.")
            read[index] = (
                number,
                Passed("duplicate", code, message % {"row": latest[code], "code": code}),
            )
        elif code in latest:
            older = [str(n) for _key, n in sorted(versions[code]) if n != number]
            notes[number].append(
                _("The latest version of code %(code)s; row(s) %(rows)s replaced.")
                % {"code": code, "rows": ", ".join(older)}
            )
    return read, notes


def version_key(value: str) -> tuple[int, ...]:
    """“V2.1”, “3”, “2024-05-01 10:00:00” or “2024/5/1” as numbers that sort as they should."""
    return tuple(int(part) for part in re.findall(r"\d+", cleaning.nfkc(value)))
