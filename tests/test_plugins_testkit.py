"""Testing out of the box (issue #20, finding 5): the pytest plugin shipped with the site
(``plugin_testkit/``, entry point ``pytest11``) and the template package (``plugins/template``),
installed by requirements-dev.txt, listed by the site, and passing their own tests on SQLite
without Elasticsearch; ``plugins new`` makes a package of one's own from the template; the demo
county loaded by one run of a plugin's tests is reused by the next (``demo_database``)."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from guidesite_plugin_testing import AskedField, CheckResult, RuleFailed
from guidesite_plugin_testing.demo_database import fingerprint, finish, publish, start

from plugins.api import PLUGIN_API_VERSION, Plugin, Rule
from plugins.registry import package_entries

SITE = Path(__file__).resolve().parent.parent
TEMPLATE = SITE / "plugins" / "template"
GUANGPO, MATTER = "469034101000", "469034-GG-002"
# A real install of a built package, offline (setuptools from the site's environment), into a
# folder of the test's own rather than the environment every other test uses.
PIP_INSTALL = [
    sys.executable,
    "-m",
    "pip",
    "install",
    "-q",
    "--no-index",
    "--no-deps",
    "--no-build-isolation",
]


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


LIAN = "469034108000"
LIAN_ONLY = """plugin_api: ["1"]
id: test-kit-lian
name: 黎安镇测试
version: "1.0"
townships: ["469034108000", "469034101000"]
fields:
  - {name: lives_here, label: 是否在本镇居住满半年？, type: yesno}
rules:
  - id: residents
    kind: eligibility
    when: answers.lives_here == false
    message: 须在本镇居住满半年。
"""


@pytest.mark.django_db
def test_plugin_check_enables_where_asked_and_at_the_chosen_point(plugin_check):
    """A 光坡镇 resident at the 黎安镇 hall, the plugin enabled in 黎安镇 only: its questions are
    asked (the point's township), its eligibility rule is not applied (the applicant's)."""
    at_lian = plugin_check(
        LIAN_ONLY,
        MATTER,
        GUANGPO,
        {"lives_here": False},
        point="黎安镇便民服务中心",
        enabled_in=[LIAN],
    )
    assert at_lian.field("lives_here") and at_lian.eligible
    at_home = plugin_check(LIAN_ONLY, MATTER, GUANGPO, {"lives_here": False})
    assert not at_home.eligible and "须在本镇居住满半年。" in at_home.reasons


@pytest.mark.django_db
def test_plugin_check_refuses_a_township_the_plugin_is_not_made_for(plugin_check):
    with pytest.raises(ValueError, match="test-kit-lian may not be enabled in 469034103000"):
        plugin_check(LIAN_ONLY, MATTER, "469034103000")


def test_a_plugin_test_without_the_sites_settings_fails_instead_of_skipping(tmp_path):
    (tmp_path / "test_mine.py").write_text(
        "def test_it(plugin_check):\n    assert plugin_check\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "1 error" in run.stdout, run.stdout[-2000:]
    assert "DJANGO_SETTINGS_MODULE=guidesite.settings.plugin_tests" in run.stdout


def plugin_tests(folder: Path, cache_home: Path) -> subprocess.CompletedProcess:
    """``pytest`` in a plugin package's folder as its author runs it, with the demo database
    cached under ``cache_home`` (not -q: the header says whether the demo county was reused)."""
    unset = ("DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["XDG_CACHE_HOME"] = str(cache_home)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


@dataclass(frozen=True)
class Made:
    folder: Path
    output: str  # what plugins new printed
    first_run: subprocess.CompletedProcess  # its own tests, nothing cached yet
    cache: Path  # the demo database cache directory


@pytest.fixture(scope="module")
def made(tmp_path_factory, django_db_setup, django_db_blocker) -> Made:
    """``plugins new lian-food`` in a folder outside the site, not installed, and the first run
    of its own tests (the only run in this module that loads the demo county)."""
    root = tmp_path_factory.mktemp("plugins-new")
    folder, out = root / "lian-food", StringIO()
    with django_db_blocker.unblock():
        call_command(
            "plugins",
            "new",
            "lian-food",
            "--directory",
            folder,
            "--name",
            "黎安镇食品经营",
            stdout=out,
        )
    return Made(folder, out.getvalue(), plugin_tests(folder, root), root / "guidesite-plugin-tests")


def test_plugins_new_names_the_package_after_the_plugin(made):
    files = {p.relative_to(made.folder).as_posix() for p in made.folder.rglob("*") if p.is_file()}
    assert files - {p for p in files if "__pycache__" in p} == {
        ".gitignore",
        "pyproject.toml",
        "guides_plugin_lian_food/__init__.py",
        "tests/test_plugin_lian_food.py",
    }
    for path in made.folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for left in ("guides_plugin_template", "guides-plugin-template", "template-residence"):
                assert left not in text, path
            assert "模板" not in text, path
    project = tomllib.loads((made.folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "guides-plugin-lian-food"
    assert project["project"]["description"] == "黎安镇食品经营"
    entry_points = project["project"]["entry-points"]["guides.plugins"]
    assert entry_points == {"lian-food": "guides_plugin_lian_food:plugin"}
    assert project["tool"]["setuptools"]["packages"] == ["guides_plugin_lian_food"]
    options = project["tool"]["pytest"]["ini_options"]
    assert options["pythonpath"] == [".", str(SITE)]
    assert options["addopts"] == "--reuse-db"
    code = (made.folder / "guides_plugin_lian_food" / "__init__.py").read_text(encoding="utf-8")
    assert 'id="lian-food",\n    name="黎安镇食品经营",' in code
    assert f"-m pip install -e {made.folder}" in made.output
    assert "plugins check lian-food" in made.output


def test_a_new_package_passes_its_own_tests_where_it_was_made(made):
    assert "5 passed" in made.first_run.stdout
    assert "demo county: loaded by this run, then kept as" in made.first_run.stdout


def test_a_second_run_reuses_the_demo_county_the_first_one_cached(made):
    (cached,) = made.cache.glob("demo-*.sqlite3")
    built = cached.stat().st_ino
    run = plugin_tests(TEMPLATE, made.cache.parent)  # the template: same site, same fingerprint
    assert "5 passed" in run.stdout
    assert f"demo county: reused {cached} (--create-db loads it again)" in run.stdout
    assert cached.stat().st_ino == built  # not loaded and cached again
    assert [path.name for path in made.cache.iterdir()] == [cached.name]  # runs' copies gone


@pytest.mark.django_db
def test_a_new_package_installs_and_is_listed(made, tmp_path):
    source, target = tmp_path / "source", tmp_path / "site-packages"
    shutil.copytree(made.folder, source)  # pip builds in the folder: leave the fixture's alone
    subprocess.run(
        [*PIP_INSTALL, "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(target))
    package_entries.cache_clear()
    out = StringIO()
    try:
        call_command("plugins", "list", stdout=out)
        call_command("plugins", "check", "lian-food", stdout=out)
    finally:
        sys.path.remove(str(target))
        sys.modules.pop("guides_plugin_lian_food", None)
        package_entries.cache_clear()
    assert "lian-food\tpackage\t1.0\tok\t-" in out.getvalue()
    assert "lian-food: ok (lian-food 1.0, 1 rules)" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("plugin_id", "message"),
    [
        ("Lian-food", "插件标识“Lian-food”写法不对：须为 3 到 50 个小写字母、数字或连字符"),
        ("lf", "插件标识“lf”写法不对"),
        ("lian_food", "插件标识“lian_food”写法不对"),
        (
            "template-residence",
            "插件标识“template-residence”已有插件在用（已安装的插件包或已上传的清单）",
        ),
        (
            "lingshui-cross-township",
            "“lingshui-cross-township”已有插件在用",
        ),  # a manifest the demo stores
        ("template", r"包名 guides_plugin_template（guides-plugin-template）已有安装的包在用"),
    ],
)
def test_plugins_new_refuses_an_id_it_cannot_use(tmp_path, plugin_id, message):
    with pytest.raises(CommandError, match=message):
        call_command("plugins", "new", plugin_id, "--directory", tmp_path / "new")
    assert not (tmp_path / "new").exists()


@pytest.mark.django_db
def test_plugins_new_never_writes_into_a_folder_that_exists(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "笔记.txt").write_text("我的", encoding="utf-8")
    with pytest.raises(CommandError, match=f"{mine} 已存在：不覆盖任何已有的文件"):
        call_command("plugins", "new", "lian-food", "--directory", mine)
    assert [path.name for path in mine.iterdir()] == ["笔记.txt"]


def test_the_demo_database_fingerprint_follows_what_shapes_it(tmp_path):
    app = tmp_path / "guides"
    (app / "migrations").mkdir(parents=True)
    (app / "demo" / "data").mkdir(parents=True)
    files = {
        "migration": app / "migrations" / "0001_initial.py",
        "demo data": app / "demo" / "data" / "regions.toml",
        "loader": app / "management" / "commands" / "load_demo.py",
        "views": app / "views.py",
    }
    files["loader"].parent.mkdir(parents=True)
    for path in files.values():
        path.write_text("1", encoding="utf-8")

    def now(plugins=("cross-province-joint=guides_plugin_cross_province:plugin",)):
        return fingerprint(tmp_path, [("guides", app)], plugins)

    first = now()
    files["views"].write_text("2", encoding="utf-8")
    assert now() == first  # the views do not shape the demo database
    seen = {first}
    for what in ("migration", "demo data", "loader"):
        files[what].write_text("2", encoding="utf-8")
        assert now() not in seen, what
        seen.add(now())
    assert now(plugins=()) not in seen  # the demo enables the example package when installed


def test_a_run_stopped_before_the_demo_county_was_cached_leaves_nothing_to_reuse(tmp_path):
    killed = start(tmp_path, "abc")
    half = sqlite3.connect(killed.work)
    half.execute("create table guides_region (code text)")  # migrating or loading when killed
    half.commit()
    half.close()
    assert not killed.reused
    after = start(tmp_path, "abc")
    assert not after.reused and after.work != killed.work
    assert after.work.stat().st_size == 0  # starts empty: builds the county again
    assert not after.cache.exists()


def test_each_run_gets_its_own_copy_of_the_cached_database(tmp_path):
    first = start(tmp_path, "abc")
    loaded = sqlite3.connect(first.work)
    loaded.execute("create table guides_region (code text)")
    loaded.execute("insert into guides_region values ('469034000000')")
    loaded.commit()
    publish(loaded, first.cache)
    loaded.close()
    finish(first)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo-abc.sqlite3"]
    one, two = start(tmp_path, "abc"), start(tmp_path, "abc")
    assert one.reused and two.reused and one.work != two.work
    changed = sqlite3.connect(one.work)
    changed.execute("delete from guides_region")  # a test that commits, in one run
    changed.commit()
    changed.close()
    for path in (two.work, one.cache):
        rows = sqlite3.connect(path).execute("select code from guides_region").fetchall()
        assert rows == [("469034000000",)]


def test_old_cached_databases_and_killed_runs_copies_are_removed(tmp_path):
    now = time.time()
    ages = {
        "demo-old.sqlite3": 8 * 86400,  # another fingerprint, unused for a week
        "demo-recent.sqlite3": 3 * 86400,  # another checkout's, still in use
        "run-killed.sqlite3": 2 * 86400,
        "demo-abc.sqlite3.123.partial": 2 * 86400,
        "run-running.sqlite3": 60,
    }
    for name, age in ages.items():
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (now - age, now - age))
    current = start(tmp_path, "abc")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["demo-recent.sqlite3", "run-running.sqlite3", current.work.name]
    )
