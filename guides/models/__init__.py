from guides.models.guide_rows import FeeItem, FrequentQuestion, Material, ProcedureStep
from guides.models.guides import CaseType, GuideIndexPage, GuidePage, MatterType
from guides.models.life_events import LifeEventIndexPage, LifeEventItem, LifeEventPage
from guides.models.offers import HandlingMode, Offer, Scope
from guides.models.regions import Region
from guides.models.sections import TownshipSection
from guides.models.service_points import (
    OpeningException,
    OpeningPeriod,
    ServicePoint,
    Window,
)
from guides.models.staff import StaffProfile, StaffRole
from guides.models.themes import Audience, Theme

__all__ = [
    "Audience",
    "CaseType",
    "FeeItem",
    "FrequentQuestion",
    "GuideIndexPage",
    "GuidePage",
    "HandlingMode",
    "LifeEventIndexPage",
    "LifeEventItem",
    "LifeEventPage",
    "Material",
    "MatterType",
    "Offer",
    "OpeningException",
    "OpeningPeriod",
    "ProcedureStep",
    "Region",
    "Scope",
    "ServicePoint",
    "StaffProfile",
    "StaffRole",
    "Theme",
    "TownshipSection",
    "Window",
]
