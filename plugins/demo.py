"""The example plugins in the demo county (陵水): loaded after ``load_demo``, idempotently."""

from __future__ import annotations

from pathlib import Path

from guides.models import Region
from plugins.changes import save_manifest, set_enabled
from plugins.registry import working_plugins

MANIFESTS = Path(__file__).parent / "examples" / "manifests"
# plugin id -> the townships where the demo enables it (None: every township it is made for)
DEMO_ENABLED = {
    "lingshui-cross-township": None,
    "village-proxy": ["469034103000"],  # 英州镇
    "cross-province-joint": ["469034100000"],  # 椰林镇, when the example package is installed
}


def load_example_plugins(sender=None, counts: dict | None = None, **kwargs) -> None:
    for path in sorted(MANIFESTS.glob("*.yaml")):
        save_manifest(path.read_text(encoding="utf-8"))
    plugins = working_plugins()
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    enabled = 0
    for plugin_id, codes in DEMO_ENABLED.items():
        plugin = plugins.get(plugin_id)
        if plugin is None:
            continue
        for township in townships:
            if (codes is None and plugin.may_enable_in(township.code)) or (
                codes and township.code in codes
            ):
                set_enabled(township, plugin_id, True)
                enabled += 1
    if counts is not None:
        counts["plugins enabled"] = enabled
