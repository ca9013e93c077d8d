from feedback.models.ratings import BAD_LEVELS, GOOD_LEVELS, Channel, Level, Rating, Tag
from feedback.models.rectification import (
    HandlingStep,
    Rectification,
    RectificationQuerySet,
    RectificationState,
    StepAction,
)
from feedback.models.reports import (
    Assignment,
    GapKind,
    ProblemReport,
    ReportChannel,
    ReportState,
    mask_phone,
)

__all__ = [
    "BAD_LEVELS",
    "GOOD_LEVELS",
    "Assignment",
    "Channel",
    "GapKind",
    "HandlingStep",
    "Level",
    "ProblemReport",
    "Rating",
    "Rectification",
    "RectificationQuerySet",
    "RectificationState",
    "ReportChannel",
    "ReportState",
    "StepAction",
    "Tag",
    "mask_phone",
]
