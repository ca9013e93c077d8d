"""The national exchange tables' columns (事项名称, 实施编码, 事项类型 …), as provincial
integrated platforms export a county's 实施清单: their names and common variants, the matter
types and codes they hold, and how a file's headers are read.

A header is recognised by its national name or a common variant (``HEADERS``), or by a mapping
an administrator saved (``catalogue.mapping``) or gave with ``--map 原列名=字段``; a header still
unknown is reported with a suggestion and left out. The rows themselves are read by
``catalogue.national_rows``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from catalogue import cleaning
from catalogue.rows import COLUMNS
from guides.validators import MATTER_CODE_LENGTH

# National name (and variants) → the field it fills. Fields beyond the platform's own columns
# are read to work out one: units of the time limits, the place (→ offers), the scope (→ modes),
# the exercising level (→ township), the competent department (→ implementing body when the
# implementing body is not given), version and update time (→ which of several rows is latest).
HEADERS = {
    "事项名称": "title",
    "实施清单名称": "title",
    "实施事项名称": "title",
    "办事指南名称": "title",
    "事项名": "title",
    "实施编码": "code",
    "事项实施编码": "code",
    "实施清单编码": "code",
    "实施事项编码": "code",
    "事项编码": "code",
    "职权编码": "code",
    "权力编码": "code",
    "基本编码": "base_code",
    "基本目录编码": "base_code",
    "目录编码": "base_code",
    "事项目录编码": "base_code",
    "事项类型": "matter_type",
    "权力类型": "matter_type",
    "事项类别": "matter_type",
    "职权类型": "matter_type",
    "实施主体": "implementing_body",
    "实施主体名称": "implementing_body",
    "实施机关": "implementing_body",
    "实施机构": "implementing_body",
    "办理部门": "implementing_body",
    "主管部门": "department",
    "服务对象": "audience",
    "事项别名": "other_names",
    "俗称": "other_names",
    "受理条件": "conditions",
    "申请条件": "conditions",
    "办件类型": "case_type",
    "法定办结时限": "statutory_days",
    "法定时限": "statutory_days",
    "法定办结时限单位": "statutory_unit",
    "法定时限单位": "statutory_unit",
    "承诺办结时限": "promised_days",
    "承诺时限": "promised_days",
    "承诺办结时限单位": "promised_unit",
    "承诺时限单位": "promised_unit",
    "到办事现场次数": "visits",
    "到现场次数": "visits",
    "跑动次数": "visits",
    "审批结果名称": "result",
    "结果名称": "result",
    "办理结果": "result",
    "结果送达方式": "result_delivery",
    "送达方式": "result_delivery",
    "咨询电话": "consultation_phone",
    "咨询方式": "consultation_phone",
    "监督投诉电话": "complaint_phone",
    "投诉电话": "complaint_phone",
    "监督投诉方式": "complaint_phone",
    "网办地址": "online_url",
    "网上办理地址": "online_url",
    "在线办理地址": "online_url",
    "PC端网办地址": "online_url",
    "申请材料": "materials",
    "申请材料目录": "materials",
    "办理地点": "place",
    "受理地点": "place",
    "通办范围": "scope",
    "行使层级": "level",
    "所属区划": "township",
    "行政区划代码": "township",
    "版本号": "version",
    "版本": "version",
    "更新时间": "updated",
    "最后更新时间": "updated",
    "事项状态": "state",
    # Columns of the platform's national export (``catalogue.national_export``) for what the
    # exchange tables have no column for, so that its export imports back unchanged.
    "事项简介": "summary",
    "无需申请材料": "no_materials",
    "服务场所及办理方式": "offers",
    "内容核验日期": "last_verified",
}
# National columns the platform keeps nowhere (a guide's fees, steps and legal basis are
# written in the admin). Recognised, so that they are reported once as not used, not as unknown.
UNUSED = {
    "业务办理项编码",
    "实施主体编码",
    "权力来源",
    "行使内容",
    "收费依据",
    "是否收费",
    "网上办理深度",
    "是否网办",
    "是否进驻政务大厅",
    "办理流程",
    "办理时间",
    "设定依据",
    "实施依据",
    "委托部门",
    "联办机构",
    "办理形式",
    "移动端地址",
    "审批结果类型",
    "审批结果样本",
    "法定时限说明",
    "承诺时限说明",
    "是否支持预约办理",
    "是否支持物流快递",
    "序号",
    "备注",
}
# 事项状态 of a matter no longer handled: such a row is skipped.
WITHDRAWN = ("停用", "废止", "取消", "注销", "暂停", "删除")
IGNORE = "ignore"
# What a header may be mapped to: the platform's columns and what the national reading uses.
TARGETS = (
    *COLUMNS,
    "department",
    "statutory_unit",
    "promised_unit",
    "place",
    "scope",
    "level",
    "version",
    "updated",
    "state",
    IGNORE,
)
# 事项类型 by name (行政许可 …) or by the national code (01–10, 20).
MATTER_TYPES = {
    "行政许可": "licensing",
    "行政确认": "confirmation",
    "行政给付": "benefit",
    "行政裁决": "adjudication",
    "行政奖励": "reward",
    "其他行政权力": "other_power",
    "公共服务": "public_service",
}
# Powers a guide has no type of its own for; a county lists some on application (e.g. 行政征收
# of a fee), so they come in as 其他行政权力, with a note.
OTHER_POWERS = {"行政处罚", "行政强制", "行政征收", "行政检查", "其他权力"}
TYPE_CODES = {
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "20": "公共服务",
}
CASE_TYPES = {"即办件": "immediate", "即办": "immediate", "承诺件": "promised"}
# A composite 实施编码: 基本编码 – 12-digit area – 000 – 18-character credit code – 1 – 00.
# The 基本编码 is 12 to 14 characters depending on the province (511A0147300000, 070100001001).
COMPOSITE = re.compile(r"^(?P<base>[0-9A-Z]{8,20})-(?P<area>\d{12})-\d{3}-[0-9A-Z]{18}-\d-\d{2}$")
CODE = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9-]{{3,{MATTER_CODE_LENGTH - 1}}}$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def header_key(header: str) -> str:
    """A header as looked up: NFKC, no blanks, no “*” of a required column, no “（…）” note."""
    key = re.sub(r"\s+", "", cleaning.nfkc(header)).strip("*")
    return re.sub(r"\(.*?\)$", "", key) or key


@dataclass
class Columns:
    """How a file's headers are read: header → field, and what is reported about the rest."""

    fields: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)  # header → suggested field, or ""
    unused: list[str] = field(default_factory=list)


def columns_of(header: list[str], mapping: dict[str, str]) -> Columns:
    """Read each header: a mapping first (saved or given), then the national names."""
    columns = Columns()
    taken: set[str] = set()
    for name in header:
        if not name:
            continue
        key = header_key(name)
        target = mapping.get(name) or mapping.get(key) or HEADERS.get(key)
        if target == IGNORE or (target is None and key in UNUSED):
            columns.unused.append(name)
        elif target is None:
            columns.unknown[name] = suggest(key)
        elif target in taken:  # e.g. 实施编码 and 事项编码 both: the first one counts
            columns.unused.append(name)
        else:
            columns.fields[name] = target
            taken.add(target)
    return columns


def suggest(key: str) -> str:
    """The field of the national name closest to an unknown header, or ""."""
    for known, target in HEADERS.items():
        if known in key or key in known:
            return target
    close = difflib.get_close_matches(key, list(HEADERS), n=1, cutoff=0.5)
    return HEADERS[close[0]] if close else ""


def target_of(value: str) -> str | None:
    """A mapping's right-hand side: a field name, or a national name standing for one."""
    value = value.strip()
    if value in TARGETS:
        return value
    return HEADERS.get(header_key(value))
