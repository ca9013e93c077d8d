"""pytest fixtures for township plugin authors, loaded by entry point (``pytest11``) wherever
this package is installed (``requirements-dev.txt`` installs it).

    def test_residents_only(plugin_check):
        result = plugin_check(MANIFEST, "469034-GG-002", "469034101000", {"lives_here": False})
        assert not result.eligible
        assert "本镇规定须在本镇居住满半年方可申请。" in result.reasons
        assert result.field("lives_here").label == "是否在本镇居住满半年？"

``plugin_check`` runs the real self check (``selfcheck.precheck.run_precheck``) with the plugin
(a manifest text or a ``plugins.api.Plugin``) enabled in the applicant's township for that call
only (``plugins.trial``), on the demo county (陵水, loaded once per session by ``demo_county``).
Strict by default: a rule that raises or runs over its budget raises ``RuleFailed`` instead of
denying quietly; ``plugins_strict = false`` in the pytest ini turns that off. It needs no
Elasticsearch; with ``DJANGO_SETTINGS_MODULE = "guidesite.settings.plugin_tests"`` it runs on
SQLite, and with ``--reuse-db`` the demo county loaded by one run is reused by the next
(``demo_database``: a copy per session of a database cached in ``DEMO_DATABASE_CACHE``).

Nothing here is imported before Django is set up: every project import is inside a fixture or hook.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .demo_database import DemoDatabase, fingerprint, finish, publish, start

NOT_CONFIGURED = (
    "plugin_check needs the site's settings: run pytest with "
    "DJANGO_SETTINGS_MODULE=guidesite.settings.plugin_tests and the site on the Python path "
    "(a pytest.ini or pyproject.toml as in docs/plugins.md, 'Test your rules with pytest')."
)


class RuleFailed(AssertionError):
    """A plugin rule raised or ran over its budget (strict mode)."""


@dataclass(frozen=True)
class AskedField:
    """A question the self check asks: ``key`` is ``<plugin id>.<field name>``."""

    key: str
    name: str
    label: str
    type: str
    required: bool
    value: Any = None
    error: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The self check's answer, as plain objects (``precheck`` keeps the full PrecheckResult)."""

    eligible: bool
    complete: bool
    immediate: bool
    time_limit_days: int | None
    reasons: list[str]
    materials: dict[str, str]  # material name -> status (required, waived, commitment, …)
    fields: list[AskedField]
    problems: dict[str, str]
    precheck: Any = field(repr=False, default=None)

    def field(self, name: str) -> AskedField:
        """The question named ``name`` (a field name or a ``plugin.field`` key)."""
        for asked in self.fields:
            if name in (asked.name, asked.key):
                return asked
        raise KeyError(f"no question {name!r}; asked: {[f.key for f in self.fields]}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "plugins_strict",
        "plugin_check: a failing plugin rule raises RuleFailed (default true)",
        type="bool",
        default=True,
    )


DEMO_DATABASE = pytest.StashKey[DemoDatabase]()
DEMO_DATABASE_PROBLEM = pytest.StashKey[str]()  # why there is none


@pytest.hookimpl(tryfirst=True)  # before the header is written
def pytest_sessionstart(session: pytest.Session) -> None:
    """On SQLite with ``DEMO_DATABASE_CACHE`` set, the session's test database is a file of its
    own: with ``--reuse-db``, a copy of the demo database an earlier run cached."""
    if "django" not in sys.modules:
        return
    from django.conf import settings

    directory = getattr(settings, "DEMO_DATABASE_CACHE", None) if settings.configured else None
    database = settings.DATABASES["default"] if directory else {}
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return
    from importlib.metadata import entry_points

    from django.apps import apps

    from plugins.api import ENTRY_POINT_GROUP

    name = fingerprint(
        Path(settings.BASE_DIR),
        [(app.label, Path(app.path)) for app in apps.get_app_configs()],
        [f"{ep.name}={ep.value}" for ep in entry_points(group=ENTRY_POINT_GROUP)],
    )
    config = session.config
    reuse = config.getoption("reuse_db", False) and not config.getoption("create_db", False)
    try:
        demo = start(Path(directory), name, copy=reuse)
    except OSError as error:  # a read-only home, say: the tests still run, only slower
        config.stash[DEMO_DATABASE_PROBLEM] = f"{directory}: {error.strerror}"
        return
    database.setdefault("TEST", {})["NAME"] = str(demo.work)
    config.stash[DEMO_DATABASE] = demo


def pytest_report_header(config: pytest.Config) -> str | None:
    demo = config.stash.get(DEMO_DATABASE, None)
    if demo is None:
        problem = config.stash.get(DEMO_DATABASE_PROBLEM, None)
        return problem and f"demo county: loaded by this run, not kept ({problem})"
    if demo.reused:
        return f"demo county: reused {demo.cache} (--create-db loads it again)"
    hint = "" if config.getoption("reuse_db", False) else " (--reuse-db reuses it)"
    return f"demo county: loaded by this run, then kept as {demo.cache}{hint}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    demo = session.config.stash.get(DEMO_DATABASE, None)
    if demo is not None:
        from django.db import connections

        connections.close_all()
        finish(demo)


@pytest.fixture(scope="session")
def demo_county(django_db_setup, django_db_blocker, pytestconfig) -> None:
    """The demo county (陵水), loaded once per session unless the database already has it;
    once loaded and committed, cached for later runs (``demo_database``)."""
    from django.core.management import call_command
    from django.db import connection

    from guides.models import Region

    with django_db_blocker.unblock():
        if Region.objects.filter(level=Region.Level.COUNTY).exists():
            return
        call_command("load_demo", verbosity=0)
        demo = pytestconfig.stash.get(DEMO_DATABASE, None)
        if demo is not None and not connection.in_atomic_block:
            publish(connection.connection, demo.cache)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A plugin test without the site's settings fails saying what to set; pytest-django would
    skip it quietly, and a skipped test reads as a passing suite."""
    from pytest_django.lazy_django import django_settings_is_configured

    if "plugin_check" in getattr(item, "fixturenames", ()) and not django_settings_is_configured():
        pytest.fail(NOT_CONFIGURED, pytrace=False)


@pytest.fixture
def plugin_check(demo_county, db, monkeypatch, pytestconfig):
    """A function ``(plugin, matter, township, answers=None, *, values=None, point=None,
    enabled_in=None)`` that returns a CheckResult. ``answers`` as ``plugins.trial.answers_for``
    takes them (the plugin's own fields may be given at the top level); ``point`` is a service
    point's id or name (黎安镇便民服务中心); the plugin is enabled, with ``values``, in the
    townships ``enabled_in`` names (default: the applicant's), each one it may be enabled in."""
    from guides.models import GuidePage, Region, ServicePoint
    from plugins import evaluation
    from plugins.api import Plugin
    from plugins.manifest import load_manifest
    from plugins.registry import trying
    from plugins.trial import answers_for
    from selfcheck.precheck import run_precheck

    if pytestconfig.getini("plugins_strict"):

        def fail(plugin, rule_id, guide, township, error):
            raise RuleFailed(f"rule {plugin.id}.{rule_id} failed on {guide.code}: {error!r}")

        monkeypatch.setattr(evaluation, "log_failure", fail)

    def check(
        plugin: str | Plugin,
        matter: str,
        township: str,
        answers: dict[str, Any] | None = None,
        *,
        values: dict[str, Any] | None = None,
        point: int | str | None = None,
        enabled_in: list[str] | None = None,
    ) -> CheckResult:
        plugin = plugin if isinstance(plugin, Plugin) else load_manifest(plugin)
        region = Region.objects.get(code=township)
        townships = enabled_in or [(region.township or region).code]
        for code in townships:  # as enabling it in the admin would refuse
            if not plugin.may_enable_in(code):
                raise ValueError(
                    f"{plugin.id} may not be enabled in {code}: its townships are "
                    f"{', '.join(plugin.townships)} (plugins try refuses it too)"
                )
        if isinstance(point, str):
            point = ServicePoint.objects.get(name=point).pk
        with trying(plugin, set(townships), values):
            result = run_precheck(
                GuidePage.objects.get(code=matter),
                township=region,
                point=ServicePoint.objects.get(pk=point) if point else None,
                answers=answers_for(plugin, answers or {}),
            )
        return CheckResult(
            eligible=result.eligible,
            complete=result.complete,
            immediate=result.immediate,
            time_limit_days=result.time_limit_days,
            reasons=list(result.reasons),
            materials={line.name: line.status for line in result.materials},
            fields=[
                AskedField(
                    f["key"],
                    f["name"],
                    f["label"],
                    f["type"],
                    f["required"],
                    f["value"],
                    f["error"],
                )
                for f in result.fields
            ],
            problems=dict(result.problems),
            precheck=result,
        )

    return check
