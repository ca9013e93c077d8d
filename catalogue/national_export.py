"""The catalogue in the national exchange tables' columns (``catalogue export --format national``),
so that the platform can feed its guides back to the provincial platform.

The national names come first; what the exchange tables have no column for (a summary, the
platform's offers with their modes and windows, the date the content was verified) follows in
columns of the platform's own (``catalogue.national.HEADERS`` reads them), so the file imports
back unchanged.
"""

from __future__ import annotations

from catalogue.rows import Row, to_cells

MATTER_TYPE_NAMES = {
    "licensing": "行政许可",
    "confirmation": "行政确认",
    "benefit": "行政给付",
    "adjudication": "行政裁决",
    "reward": "行政奖励",
    "other_power": "其他行政权力",
    "public_service": "公共服务",
}
CASE_TYPE_NAMES = {"immediate": "即办件", "promised": "承诺件"}
AUDIENCE_NAMES = {"person": "自然人", "legal_person": "法人", "both": "自然人、法人"}
COLUMNS = (
    "事项名称",
    "实施编码",
    "基本编码",
    "事项类型",
    "实施主体",
    "行政区划代码",
    "服务对象",
    "俗称",
    "受理条件",
    "申请材料",
    "办件类型",
    "法定办结时限",
    "法定办结时限单位",
    "承诺办结时限",
    "承诺办结时限单位",
    "到办事现场次数",
    "审批结果名称",
    "结果送达方式",
    "咨询电话",
    "监督投诉电话",
    "网办地址",
    "办理地点",
    "事项简介",
    "无需申请材料",
    "服务场所及办理方式",
    "内容核验日期",
)


def national_cells(row: Row) -> dict[str, str]:
    """One catalogue row as the cells of a national export."""
    cells = to_cells(row)
    offers = row.get("offers") or []
    return {
        "事项名称": cells["title"],
        "实施编码": cells["code"],
        "基本编码": cells["base_code"],
        "事项类型": MATTER_TYPE_NAMES.get(row["matter_type"], ""),
        "实施主体": cells["implementing_body"],
        "行政区划代码": cells["township"],
        "服务对象": AUDIENCE_NAMES.get(row["audience"], ""),
        "俗称": cells["other_names"],
        "受理条件": cells["conditions"],
        "申请材料": cells["materials"],
        "办件类型": CASE_TYPE_NAMES.get(row["case_type"], ""),
        "法定办结时限": cells["statutory_days"],
        "法定办结时限单位": "工作日" if cells["statutory_days"] else "",
        "承诺办结时限": cells["promised_days"],
        "承诺办结时限单位": "工作日" if cells["promised_days"] else "",
        "到办事现场次数": cells["visits"],
        "审批结果名称": cells["result"],
        "结果送达方式": cells["result_delivery"],
        "咨询电话": cells["consultation_phone"],
        "监督投诉电话": cells["complaint_phone"],
        "网办地址": cells["online_url"],
        "办理地点": "\n".join(
            " ".join(part for part in (o["service_point"], o["window"]) if part) for o in offers
        ),
        "事项简介": cells["summary"],
        "无需申请材料": "是" if row["no_materials"] else "否",
        "服务场所及办理方式": cells["offers"],
        "内容核验日期": cells["last_verified"],
    }
