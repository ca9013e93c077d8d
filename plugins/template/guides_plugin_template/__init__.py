"""A township's package plugin; its example rule, 居住满半年的居民方可申请, is there to be replaced.

A package plugin is a ``plugins.api.Plugin``; its conditions are plain Python functions of the
same variables a manifest's CEL reads (``answers``, ``values``, ``township``, ``matter``,
``point``, ``today``). Made for no township in particular until a township administrator
enables it; it covers 469034-GG-002 only.
"""

from __future__ import annotations

from typing import Any

from plugins.api import PLUGIN_API_VERSION, Field, FieldType, MatterSelector, Plugin, Rule, Value


def too_recent(variables: dict[str, Any]) -> bool:
    """Fires when the applicant has lived in the township for less than ``values.months``."""
    months = variables["answers"].get("months_here")
    return months is not None and months < variables["values"]["months"]


plugin = Plugin(
    id="template-residence",
    name="模板：居住满半年方可申请",
    version="1.0",
    api_versions=(PLUGIN_API_VERSION,),
    townships=(),  # any township may enable it
    matters=MatterSelector(codes=("469034-GG-002",)),
    values=(Value("months", "须在本镇居住的月数", type="number", default=6),),
    fields=(Field("months_here", "您在本镇已居住几个月？", FieldType.NUMBER),),
    rules=(
        Rule(
            id="residents_only",
            kind="eligibility",
            when=too_recent,
            message="须在本镇居住满$months个月方可申请。",
        ),
    ),
)
