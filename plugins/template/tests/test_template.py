"""The plugin's own tests: ``pytest`` in this folder (fixtures: guidesite-plugin-testing,
the demo county on SQLite, no Elasticsearch)."""

import pytest
from guides_plugin_template import plugin

from plugins.checks import check_plugin

GUANGPO = "469034101000"  # 光坡镇
MATTER = "469034-GG-002"


@pytest.mark.django_db
def test_it_passes_the_sites_checks(demo_county):
    # Warnings too: a rule that fails on a blank optional answer is only a warning on the site
    # (it may be enabled), but it denies everyone who leaves that answer blank.
    problems = check_plugin(plugin)
    assert not problems, "\n".join(map(str, problems))


def test_a_newcomer_is_told_how_long_to_wait(plugin_check):
    result = plugin_check(plugin, MATTER, GUANGPO, {"months_here": 2})
    assert not result.eligible
    assert "须在本镇居住满6个月方可申请。" in result.reasons
    assert result.field("months_here").label == "您在本镇已居住几个月？"


def test_the_townships_value_is_used(plugin_check):
    result = plugin_check(plugin, MATTER, GUANGPO, {"months_here": 8}, values={"months": 12})
    assert "须在本镇居住满12个月方可申请。" in result.reasons


def test_a_resident_may_apply(plugin_check):
    result = plugin_check(plugin, MATTER, GUANGPO, {"months_here": 7})
    assert result.eligible and result.complete
    assert result.materials["居民身份证"] == "required"


@pytest.mark.parametrize("months", [None])
def test_an_unanswered_question_is_named(plugin_check, months):
    result = plugin_check(plugin, MATTER, GUANGPO, {"months_here": months})
    assert result.problems == {"template-residence.months_here": "此项必答。"}
