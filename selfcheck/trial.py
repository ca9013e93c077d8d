"""The self check as ``plugins.trial`` runs it: one check, summed up as text to compare
(registered by ``selfcheck.apps.SelfCheckConfig.ready``)."""

from __future__ import annotations

from typing import Any

from guides.models import GuidePage, Region, ServicePoint
from plugins.trial import Outcome, TrialError
from selfcheck.precheck import run_precheck


def outcome_of(matter: str, township: str, point: int | None, answers: dict[str, Any]) -> Outcome:
    """Run the self check for a resident of ``township`` (a township or village code)."""
    guide = GuidePage.objects.live().filter(code=matter).first()
    if guide is None:
        raise TrialError(f"没有编码为 {matter} 的已发布办事指南。")
    region = Region.objects.filter(code=township).first()
    if region is None:
        raise TrialError(f"没有区划代码为 {township} 的乡镇或村（社区）。")
    place = None
    if point is not None:
        place = ServicePoint.objects.filter(pk=point).first()
        if place is None:
            raise TrialError(f"没有编号为 {point} 的服务点。")
    result = run_precheck(guide, township=region, point=place, answers=answers)
    return Outcome(
        eligible=result.eligible,
        complete=result.complete,
        reasons=list(result.reasons),
        materials=[f"{line.name}（{line.status_label}）" for line in result.materials],
        fields=[f"{fld['key']}：{fld['label']}" for fld in result.fields],
        problems=[f"{key}：{text}" for key, text in result.problems.items()],
    )
