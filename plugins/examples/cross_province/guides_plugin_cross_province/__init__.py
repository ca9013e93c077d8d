"""跨省联办, as between Xian'an (Hubei) and Yuhuan (Zhejiang): residents who work in a partner
region handle the listed matters at the county centre's 跨省通办 window, with proof of work.

A package plugin, for a rule CEL cannot say simply: the proof of work must be issued within the
last six months, counted in calendar months.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.dispatch import receiver

from plugins.api import (
    PLUGIN_API_VERSION,
    Choice,
    Field,
    FieldType,
    MatterSelector,
    Plugin,
    Rule,
    RuleKind,
    Value,
    ValueType,
)
from plugins.signals import precheck_done

logger = logging.getLogger(__name__)
PROOF_MONTHS = 6


def works_in_partner(v: dict) -> bool:
    return v["answers"]["works_in_partner"] is True


def outside_partners(v: dict) -> bool:
    return (
        works_in_partner(v) and v["answers"]["partner_region"] not in v["values"]["partner_regions"]
    )


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def proof_too_old(v: dict) -> bool:
    if not works_in_partner(v):
        return False
    issued = dt.date.fromisoformat(v["answers"]["proof_date"])
    return issued < months_before(dt.date.fromisoformat(v["today"]), PROOF_MONTHS)


def at_county_centre(v: dict) -> bool:
    return works_in_partner(v) and v["point"]["kind"] == "county_centre"


plugin = Plugin(
    id="cross-province-joint",
    name="跨省联办",
    version="1.0.0",
    api_versions=(PLUGIN_API_VERSION,),
    townships=(),
    matters=MatterSelector(
        codes=("469034-GG-004", "469034-GG-005", "469034-GG-006", "469034-GG-007")
    ),
    values=(
        Value(
            "partner_regions",
            "跨省联办合作地区（行政区划代码）",
            ValueType.LIST,
            default=["440825000000"],
        ),
    ),
    fields=(
        Field("works_in_partner", "您是否在跨省联办合作地区工作？", FieldType.YESNO),
        Field(
            "partner_region",
            "在哪个地区工作？",
            FieldType.CHOICE,
            choices=(Choice("440825000000", "广东省湛江市徐闻县"), Choice("other", "其他地区")),
            shown_when=works_in_partner,
        ),
        Field(
            "proof_of_work",
            "用哪种材料证明在当地工作？",
            FieldType.CHOICE,
            choices=(
                Choice("labour_contract", "劳动合同"),
                Choice("social_insurance", "当地社保缴费记录"),
                Choice("business_licence", "当地营业执照"),
            ),
            shown_when=works_in_partner,
        ),
        Field(
            "proof_date",
            "证明材料的出具（签订）日期",
            FieldType.DATE,
            help="须为近6个月内出具的。",
            shown_when=works_in_partner,
        ),
    ),
    rules=(
        Rule(
            "outside_partners",
            RuleKind.ELIGIBILITY,
            "您工作的地区不是跨省联办合作地区，请回户籍地或工作地办理。",
            when=outside_partners,
        ),
        Rule(
            "proof_too_old",
            RuleKind.ELIGIBILITY,
            "工作证明须为近6个月内出具，请补开后再来。",
            when=proof_too_old,
        ),
        Rule(
            "accept_at_centre",
            RuleKind.ACCEPTANCE,
            "跨省联办：在合作地区工作的，可在县政务服务中心19号跨省通办窗口办理，收件后流转属地办理。",
            when=at_county_centre,
        ),
        Rule(
            "proof_of_work",
            RuleKind.EXTRA_MATERIAL,
            "在合作地区工作的证明，用于跨省联办。",
            when=works_in_partner,
            material="在合作地区工作的证明（劳动合同、社保缴费记录或营业执照）",
        ),
    ),
)


@receiver(precheck_done)
def count_partner_checks(sender, guide, result, **kwargs) -> None:
    """Log each self check for the partner region's statistics (reaches enabled townships only)."""
    logger.info("跨省联办 self check: %s in %s", guide.code, sender.name)
