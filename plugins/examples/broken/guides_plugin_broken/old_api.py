"""A plugin written for a plugin API this site does not run."""

from plugins.api import Plugin, Rule, RuleKind

plugin = Plugin(
    id="old-api",
    name="旧版插件",
    version="0.1.0",
    api_versions=("0",),
    townships=(),
    rules=(Rule("never", RuleKind.ELIGIBILITY, "不应出现"),),
)
