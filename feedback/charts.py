"""The figures as pictures: bar lengths and trend-line points for server-rendered SVG.

No JavaScript library: the templates draw ``<rect>`` and ``<polyline>`` from these numbers, so
the charts show on any phone and print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# (key in a scope's figures, label, is a rate) for the bars per township.
BAR_CHARTS = [
    ("good_rate", _("Good ratings (好评率)"), True),
    ("immediate_rate", _("Decided on the spot (即办件占比)"), True),
    ("cross_area_rate", _("Handled across areas (通办率)"), True),
    ("online_rate", _("Fully online (网办率)"), True),
    ("ratings", _("Ratings"), False),
    ("reports", _("Problem reports (办不成事)"), False),
]
LINE_WIDTH, LINE_HEIGHT = 320, 120


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    percent: float  # of the longest bar; 0 for no value


def shown(value: Any, is_rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if is_rate else str(value)


def bars(townships: list[dict[str, Any]], key: str, is_rate: bool) -> list[Bar]:
    values = [t[key] or 0 for t in townships]
    top = 1 if is_rate else max(values, default=0) or 1
    return [
        Bar(t["name"], shown(t[key], is_rate), round(100 * (t[key] or 0) / top, 1))
        for t in townships
    ]


def bar_charts(townships: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": key, "title": title, "bars": bars(townships, key, is_rate)}
        for key, title, is_rate in BAR_CHARTS
    ]


def trend(weekly: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """A polyline over the weeks: x spread evenly, y from 0 to the highest value."""
    values = [row[key] or 0 for row in weekly]
    top = max(values, default=0) or 1
    step = LINE_WIDTH / max(len(values) - 1, 1)
    points = [
        (round(n * step, 1), round(LINE_HEIGHT - LINE_HEIGHT * value / top, 1))
        for n, value in enumerate(values)
    ]
    return {
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": [
            {"x": x, "y": y, "week": row["week"], "value": row[key]}
            for (x, y), row in zip(points, weekly, strict=True)
        ],
        "top": top,
        "first": weekly[0]["week"] if weekly else "",
        "last": weekly[-1]["week"] if weekly else "",
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
    }


def charts(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the figures templates draw, from ``Figures.as_json``."""
    weekly = data["county"]["weekly"]
    return {
        "bar_charts": bar_charts(data["townships"]),
        "trends": [
            (trend(weekly, "ratings"), _("Ratings per week")),
            (trend(weekly, "forms"), _("Forms issued per week")),
        ],
    }
