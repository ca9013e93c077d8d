"""The guides: one page per matter with its materials, steps, fees, FAQs and offers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.db import models

from guides.demo.offers import OfferSpec, attach_partners, build_offer, offer_specs
from guides.demo.pages import publish
from guides.demo.reading import (
    Data,
    DemoDataError,
    Source,
    check_keys,
    fail,
    html_list,
    item,
    read,
    section,
    set_fields,
    validate_children,
)
from guides.demo.service_points import Network
from guides.models import (
    FeeItem,
    FrequentQuestion,
    GuideIndexPage,
    GuidePage,
    HandlingMode,
    Material,
    ProcedureStep,
    Region,
    Theme,
)
from guides.publishing import (
    GuideEssentials,
    OfferRow,
    fee_problems,
    missing_for_publication,
    offer_problems,
)

REMOTE_MODES = (HandlingMode.ONLINE, HandlingMode.MOBILE)
GUIDE_KEYS = (
    "code",
    "title",
    "summary",
    "other_names",
    "matter_type",
    "implementing_body",
    "audience",
    "themes",
    "legal_basis",
    "conditions",
    "case_type",
    "statutory_days",
    "promised_days",
    "visits",
    "result",
    "result_delivery",
    "consultation_phone",
    "complaint_phone",
    "online_url",
    "channels",
    "last_verified",
    "where",
    "materials",
    "steps",
    "fees",
    "faqs",
    "local",
)
GUIDE_FIELDS = (
    "title",
    "summary",
    "matter_type",
    "implementing_body",
    "audience",
    "case_type",
    "statutory_days",
    "promised_days",
    "visits",
    "result",
    "result_delivery",
    "consultation_phone",
    "complaint_phone",
    "online_url",
    "last_verified",
)
REQUIRED_GUIDE_KEYS = (
    "code",
    "title",
    "summary",
    "other_names",
    "matter_type",
    "implementing_body",
    "themes",
    "conditions",
    "case_type",
    "result",
    "consultation_phone",
    "last_verified",
    "materials",
    "steps",
)
MATERIAL_KEYS = (
    "name",
    "form",
    "medium",
    "copies",
    "requirement",
    "condition",
    "source",
    "issuer",
    "notes",
)


def build_material(row: Data, number: int) -> Material:
    """A material row; a material with a condition is conditional unless said otherwise."""
    check_keys(row, MATERIAL_KEYS, ("name", "form"))
    condition = row.get("condition", "")
    material = Material(
        name=row["name"],
        form=row["form"],
        medium=row.get("medium", Material.Medium.PAPER),
        copies=row.get("copies", 1),
        requirement=row.get(
            "requirement",
            Material.Requirement.CONDITIONAL if condition else Material.Requirement.REQUIRED,
        ),
        condition=condition,
        source=row.get("source", Material.Source.APPLICANT),
        issuer=row.get("issuer", ""),
        notes=row.get("notes", ""),
        sort_order=number,
    )
    if material.source == Material.Source.GOVERNMENT and not material.issuer:
        raise ValueError(f"material {material.name}: say which body issues it (issuer)")
    return material


def build_rows(model: type[models.Model], rows: list[Data], keys: tuple[str, ...]) -> list:
    """Simple ordered child rows (steps, fees, FAQs) from data rows with the given keys."""
    built = []
    for number, row in enumerate(rows):
        check_keys(row, keys, keys[:1])
        built.append(model(sort_order=number, **{key: row[key] for key in keys if key in row}))
    return built


def check_cross_row_rules(guide: Data, fees: list[FeeItem], specs: list[OfferSpec]) -> None:
    """The rules of ``guides.publishing`` (as on the admin form), then the demo data's own.

    Every demo guide is published, so the publish checks apply too. The demo-only rules concern
    the data file's shape: ``channels`` (online and mobile modes added to the offers) need an
    online address, and a free matter leaves ``fees`` out rather than listing none.
    """
    offers = [OfferRow(spec.point, spec.scope, bool(spec.partners)) for spec in specs]
    for problem in offer_problems(offers):
        raise ValueError(f"offer at {specs[problem.row].point}: {problem.message}")
    for message in fee_problems(not fees, len(fees)).values():
        raise ValueError(str(message))
    essentials = GuideEssentials(
        materials=len(guide["materials"]),
        no_materials=False,
        promised_days=guide.get("promised_days"),
        offers=len(specs),
        online_url=guide.get("online_url", ""),
        consultation_phone=guide.get("consultation_phone", ""),
    )
    for name, message in missing_for_publication(essentials).items():
        raise ValueError(f"{name}: {message}")
    channels = guide.get("channels", [])
    if set(channels) - set(REMOTE_MODES):
        raise ValueError("channels may only be online and mobile")
    if channels and not guide.get("online_url"):
        raise ValueError("an online or mobile channel needs online_url")
    if not fees and "fees" in guide:
        raise ValueError("an empty fee list: leave fees out for a free matter")


def guide_children(guide: Data, specs: list[OfferSpec]) -> dict[str, list]:
    """Every child row of one guide, validated."""
    materials = [build_material(row, n) for n, row in enumerate(guide["materials"])]
    steps = build_rows(ProcedureStep, guide["steps"], ("title", "description"))
    fees = build_rows(FeeItem, guide.get("fees", []), ("name", "amount", "basis"))
    faqs = build_rows(FrequentQuestion, guide.get("faqs", []), ("question", "answer"))
    check_cross_row_rules(guide, fees, specs)
    offers = [build_offer(spec, n) for n, spec in enumerate(specs)]
    for rows in (materials, steps, fees, faqs):
        validate_children(rows, "guide")
    if not materials or not steps:
        raise ValueError("a guide needs materials and procedure steps")
    return {
        "materials": materials,
        "steps": steps,
        "fee_items": fees,
        "faqs": faqs,
        "offers": offers,
    }


def fill_guide(page: GuidePage, guide: Data, themes: Mapping[str, Theme]) -> None:
    """Copy the guide's own fields from the data onto the page."""
    set_fields(page, guide, GUIDE_FIELDS)
    page.other_names = "\n".join(guide["other_names"])
    page.legal_basis = html_list(guide.get("legal_basis", []))
    page.conditions = html_list(guide["conditions"])
    page.is_free = not guide.get("fees")
    page.themes.set([themes[slug] for slug in guide["themes"]])


def upsert_guide(
    source: Source,
    guide: Data,
    index: GuideIndexPage,
    network: Network,
    regions: Mapping[str, Region],
    themes: Mapping[str, Theme],
    reset: bool = False,
) -> GuidePage:
    """Create one guide page by its matter code and publish it. An existing guide is kept as it
    is, drafts and revisions included, unless ``reset`` publishes the data as a new revision."""
    label = f"guide {guide.get('code')} {guide.get('title', '')}".strip()
    with item(source, label):
        check_keys(guide, GUIDE_KEYS, REQUIRED_GUIDE_KEYS)
        page = GuidePage.objects.filter(code=guide["code"]).first()
        if page is not None and not reset:
            return page
        page = page or GuidePage(code=guide["code"])
        fill_guide(page, guide, themes)
        specs = offer_specs(guide, network, regions)
        for relation, rows in guide_children(guide, specs).items():
            setattr(page, relation, rows)
    publish(page, index, source, label)
    attach_partners(page, specs)
    return page


def load_guides(
    sources: list[Source],
    index: GuideIndexPage,
    network: Network,
    regions: Mapping[str, Region],
    themes: Mapping[str, Theme],
    reset: bool = False,
) -> dict[str, GuidePage]:
    """Every guide of every guide file, by matter code."""
    guides: dict[str, GuidePage] = {}
    for source in sources:
        for guide in section(source, "guides"):
            if guide.get("code") in guides:
                raise fail(source, f"guide {guide['code']}", "matter code used twice")
            guides[guide["code"]] = upsert_guide(
                source, guide, index, network, regions, themes, reset
            )
    check_proxy_sets(network, guides)
    return guides


def check_proxy_sets(network: Network, guides: Mapping[str, GuidePage]) -> None:
    for name, codes in network.proxy_sets.items():
        unknown = sorted(set(codes) - set(guides))
        if unknown:
            raise DemoDataError(
                f"{network.source_name}: proxy set {name}: no guide with code {', '.join(unknown)}"
            )


def guide_sources(data_dir: Path) -> list[Source]:
    paths = sorted((data_dir / "guides").glob("*.toml"))
    if not paths:
        raise DemoDataError(f"no guide files in {data_dir / 'guides'}")
    return [read(path) for path in paths]
