"""The catalogue as rows: every guide (or one township's) as its editors currently have it."""

from __future__ import annotations

from wagtail.models import Page

from catalogue.rows import Row
from guides.models import GuidePage, Region, ServicePoint, TownshipSection


def current(page: GuidePage) -> GuidePage:
    """The guide as its latest revision has it: a draft or a change awaiting review counts."""
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def section_townships() -> dict[str, str]:
    """The path of each township section → the township's division code."""
    return {
        section.path: section.township.code
        for section in TownshipSection.objects.select_related("township")
    }


def township_code_of(page: Page, sections: dict[str, str]) -> str:
    return sections.get(page.path[: -Page.steplen], "")


def row_of(page: GuidePage, township: str, point_names: dict[int, str]) -> Row:
    """One guide as a catalogue row (the JSON object of schema.json)."""
    return {
        "code": page.code,
        "base_code": page.base_code,
        "title": page.title,
        "township": township,
        "matter_type": page.matter_type,
        "implementing_body": page.implementing_body,
        "audience": page.audience,
        "summary": page.summary,
        "other_names": page.other_name_list,
        "conditions": page.conditions,
        "case_type": page.case_type,
        "statutory_days": "" if page.statutory_days is None else str(page.statutory_days),
        "promised_days": "" if page.promised_days is None else str(page.promised_days),
        "visits": str(page.visits),
        "result": page.result,
        "result_delivery": page.result_delivery,
        "consultation_phone": page.consultation_phone,
        "complaint_phone": page.complaint_phone,
        "online_url": page.online_url,
        "last_verified": page.last_verified.isoformat() if page.last_verified else "",
        "no_materials": page.no_materials,
        "materials": [material.name for material in page.materials.all()],
        "offers": [
            {
                "service_point": point_names[offer.service_point_id],
                "modes": list(offer.modes),
                "scope": offer.scope,
                "window": offer.window,
            }
            for offer in page.offers.all()
        ],
    }


def point_names() -> dict[int, str]:
    return dict(ServicePoint.objects.values_list("pk", "name"))


def export_rows(township: Region | None = None) -> list[Row]:
    """The whole catalogue, or the local guides of one township, ordered by matter code."""
    pages = GuidePage.objects.order_by("code").prefetch_related("materials", "offers")
    if township is not None:
        section = TownshipSection.objects.filter(township=township).first()
        if section is None:
            return []
        pages = pages.descendant_of(section)
    sections = section_townships()
    names = point_names()
    return [row_of(current(page), township_code_of(page, sections), names) for page in pages]
