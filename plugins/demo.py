"""The example plugins in the demo county (陵水): loaded after ``load_demo``. Run again, it adds
only what is missing: a manifest already stored keeps its current version (an administrator may
have saved a newer one), and a township that already has a setting for a plugin keeps it (its
administrator may have switched it off). ``load_demo --reset`` saves and enables them again."""

from __future__ import annotations

from pathlib import Path

from guides.models import Region
from plugins.changes import save_manifest, set_enabled
from plugins.manifest import load_manifest
from plugins.models import Manifest, TownshipPlugin
from plugins.registry import working_plugins

MANIFESTS = Path(__file__).parent / "examples" / "manifests"
# plugin id -> the townships where the demo enables it (None: every township it is made for)
DEMO_ENABLED = {
    "lingshui-cross-township": None,
    "village-proxy": ["469034103000"],  # 英州镇
    "cross-province-joint": ["469034100000"],  # 椰林镇, when the example package is installed
}


def load_example_plugins(
    sender=None, counts: dict | None = None, reset: bool = False, **kwargs
) -> None:
    stored = set(Manifest.objects.filter(current__isnull=False).values_list("plugin_id", flat=True))
    settled = set(TownshipPlugin.objects.values_list("plugin_id", "township__code"))
    for path in sorted(MANIFESTS.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        if reset or load_manifest(source).id not in stored:
            save_manifest(source)
    plugins = working_plugins()
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    enabled = 0
    for plugin_id, codes in DEMO_ENABLED.items():
        plugin = plugins.get(plugin_id)
        if plugin is None:
            continue
        for township in townships:
            wanted = (codes is None and plugin.may_enable_in(township.code)) or (
                codes and township.code in codes
            )
            if wanted and (reset or (plugin_id, township.code) not in settled):
                set_enabled(township, plugin_id, True)
                enabled += 1
    if counts is not None:
        counts["plugins enabled"] = enabled
