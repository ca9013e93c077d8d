"""Testing out of the box (issue #20, finding 5): the pytest plugin shipped with the site
(``plugin_testkit/``, entry point ``pytest11``) and the template package (``plugins/template``),
installed by requirements-dev.txt, listed by the site, and passing their own tests on SQLite
without Elasticsearch."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from guidesite_plugin_testing import AskedField, CheckResult, RuleFailed

from plugins.api import PLUGIN_API_VERSION, Plugin, Rule

TEMPLATE = Path(__file__).resolve().parent.parent / "plugins" / "template"
GUANGPO, MATTER = "469034101000", "469034-GG-002"


def broken(variables):
    return variables["answers"]["nothing"]  # KeyError: a typo in a package's rule


BROKEN = Plugin(
    id="test-kit-broken",
    name="出错的规则",
    version="1",
    api_versions=(PLUGIN_API_VERSION,),
    townships=(),
    rules=(Rule(id="typo", kind="eligibility", when=broken, message="不会出现"),),
)


@pytest.mark.django_db
def test_the_template_is_installed_and_listed():
    out = StringIO()
    call_command("plugins", "list", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("template-residence"))
    assert "\tpackage\t1.0\tok\t" in line
    call_command("plugins", "check", "template-residence", stdout=out)
    assert "template-residence: ok (template-residence 1.0, 1 rules)" in out.getvalue()


def test_the_template_passes_its_own_tests_on_sqlite_without_elasticsearch():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=TEMPLATE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "5 passed" in run.stdout


@pytest.mark.django_db
def test_plugin_check_gives_result_objects(plugin_check):
    from guides_plugin_template import plugin

    result = plugin_check(plugin, MATTER, GUANGPO, {"months_here": 1})
    assert isinstance(result, CheckResult)
    assert result.field("template-residence.months_here") == AskedField(
        "template-residence.months_here", "months_here", "您在本镇已居住几个月？", "number", True, 1
    )
    assert not result.eligible


@pytest.mark.django_db
def test_strict_mode_raises_on_a_failing_rule(plugin_check):
    with pytest.raises(RuleFailed, match=r"test-kit-broken\.typo failed on 469034-GG-002"):
        plugin_check(BROKEN, MATTER, GUANGPO)
