"""Issuing a form: run the self check, record what the form says, and hand the template a
``Notice`` with everything it prints.

The checklist is exactly ``run_precheck``'s material list (the same function behind the self
check and the precheck API), so the paper never disagrees with the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from guides.models import FeeItem, GuidePage, ServicePoint
from notices.answers import AnswersError, NoticeRequest
from notices.models import IssuedNotice
from notices.qr import qr_data_url
from selfcheck.materials import STATUS_LABELS
from selfcheck.precheck import (
    MaterialLine,
    MaterialStatus,
    PrecheckResult,
    ServingPlace,
    place_reason,
    run_precheck,
)


@dataclass
class ChecklistLine:
    """One material on the form, with how to bring it when the guide says."""

    name: str
    status: str
    note: str
    form: str = ""
    medium: str = ""
    copies: int | None = None

    @classmethod
    def from_precheck(cls, line: MaterialLine) -> ChecklistLine:
        material = line.material
        if material is None:
            return cls(line.name, line.status, line.note)
        return cls(
            line.name,
            line.status,
            line.note,
            form=material.get_form_display(),
            medium=material.get_medium_display(),
            copies=material.copies,
        )

    @property
    def status_label(self) -> str:
        # A record from before the five statuses may say "extra" (另需提交): a material to bring.
        return str(STATUS_LABELS.get(self.status, STATUS_LABELS[MaterialStatus.REQUIRED]))


@dataclass
class Notice:
    """A 一次性告知单 as printed: the record, and what the template reads."""

    record: IssuedNotice
    guide: GuidePage
    place: ServingPlace
    result: PrecheckResult
    lines: list[ChecklistLine]
    fees: list[FeeItem]
    guide_url: str
    verify_url: str

    @property
    def point(self) -> ServicePoint:
        return self.place.point  # with its hours and windows prefetched by the self check

    @property
    def serial(self) -> str:
        return self.record.serial

    @property
    def commitments(self) -> list[ChecklistLine]:
        return [line for line in self.lines if line.status == MaterialStatus.COMMITMENT]

    @property
    def guide_qr(self) -> str:
        return qr_data_url(self.guide_url)

    @property
    def verify_qr(self) -> str:
        return qr_data_url(self.verify_url)


def precheck(guide: GuidePage, request: NoticeRequest) -> PrecheckResult:
    """``run_precheck`` for this request; answers it refuses and a hall that cannot take the
    application become an ``AnswersError``."""
    result = run_precheck(
        guide, township=request.township, point=request.point, answers=request.answers
    )
    if request.personalised and result.problems:
        # The same 400 the precheck API gives: each plugin field and what is wrong with it.
        raise AnswersError({"answers": result.problems})
    if request.point is not None and result.place is None:
        # The self check's own refusal, and the nearest place that will take it.
        problem = result.refusal
        if result.nearest is not None:
            problem += " " + place_reason(result.nearest, chosen=False)
        raise AnswersError({"point": problem})
    return result


def issue_notice(
    guide: GuidePage,
    request: NoticeRequest,
    *,
    absolute_url: Callable[[str], str],
    user=None,
) -> Notice:
    """Run the self check, record the form and return it ready to print.

    ``request.point`` must be set; ``absolute_url`` turns a path into the address printed in the
    QR codes (``HttpRequest.build_absolute_uri``).
    """
    result = precheck(guide, request)
    lines = [ChecklistLine.from_precheck(line) for line in result.materials]
    record = IssuedNotice.objects.issue(
        guide=guide,
        matter_code=guide.code,
        guide_revision_id=guide.latest_revision_id,
        service_point=request.point,
        issued_by=user if getattr(user, "is_authenticated", False) else None,
        personalised=request.personalised,
        answers_hash=request.answers_hash(),
        applicant_name=request.applicant_name,
        applicant_phone=request.applicant_phone,
        content=snapshot(guide, request.point, result, lines),
    )
    return Notice(
        record=record,
        guide=guide,
        place=result.place,
        result=result,
        lines=lines,
        fees=[] if guide.is_free else list(guide.fee_items.all()),  # a free matter lists none
        guide_url=absolute_url(guide.url or "/"),
        verify_url=absolute_url(reverse("notice_verify", args=[record.serial])),
    )


def snapshot(
    guide: GuidePage, point: ServicePoint, result: PrecheckResult, lines: list[ChecklistLine]
) -> dict:
    """What the verify page shows: the form's statements, without the applicant's answers."""
    return {
        "matter": guide.title,
        "code": guide.code,
        "point": point.name,
        "eligible": result.eligible,
        "reasons": list(result.reasons),
        "immediate": result.immediate,
        "statutory_days": guide.statutory_days,
        "time_limit_days": result.time_limit_days,
        "materials": [
            {"name": line.name, "status": line.status, "note": line.note} for line in lines
        ],
    }
