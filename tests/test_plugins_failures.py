"""Failure isolation: bad manifests are refused precisely, broken packages are listed and
skipped, a rule that raises or runs over budget denies and is logged."""

import time

import pytest
from django.core.management import CommandError, call_command

from plugins.api import PLUGIN_API_VERSION, Plugin, Rule, RuleKind
from plugins.changes import roll_back, save_manifest
from plugins.manifest import ManifestError, load_manifest
from plugins.models import Manifest, PluginChange, RuleFailure
from plugins.registry import all_entries
from selfcheck.materials import SITUATION

GUANGPO = "469034101000"
SHOP = "469034-XK-004"

GOOD = """plugin_api: ["1"]
id: test-failures
name: 测试
version: "1.0"
rules:
  - id: ok
    kind: eligibility
    when: "false"
    message: 不会出现
"""

BROKEN = """plugin_api: ["1"]
id: test-failures
name: 测试
version: "2.0"
rules:
  - id: ok
    kind: eligibility
    when: "false"
    message: 不会出现
  - id: bad_kind
    kind: approval
    message: 未知的规则类型
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        load_manifest(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_broken_manifest_is_refused_naming_line_and_path():
    [problem] = problems_of(BROKEN)
    assert problem.startswith("第 11 行，rules[1].kind：“approval”不是可选的值")


def test_cel_errors_name_line_and_path():
    text = GOOD.replace('when: "false"', "when: answer.age > 1")
    [problem] = problems_of(text)
    assert problem.startswith("第 8 行，rules[0].when：条件里的 answer 不存在")
    [syntax] = problems_of(GOOD.replace('when: "false"', "when: answers.age >"))
    assert syntax.startswith("第 8 行，rules[0].when：条件没写完")


def test_a_manifest_cannot_loop_without_bound():
    nested = "when: values.l.all(a, values.l.all(b, a == b))"
    [problem] = problems_of(GOOD.replace('when: "false"', nested))
    assert "不能嵌套循环" in problem


def test_yaml_errors_and_wrong_api_versions_are_named():
    [problem] = problems_of("id: [unclosed\n")
    assert problem.startswith("第 2 行，（顶层）：不是有效的 YAML 或 JSON")
    [api] = problems_of(GOOD.replace('plugin_api: ["1"]', 'plugin_api: ["2"]'))
    assert api.startswith("第 1 行，plugin_api：必须包含“1”")


@pytest.mark.django_db
def test_an_invalid_new_version_keeps_the_previous_one_running():
    first = save_manifest(GOOD)
    with pytest.raises(ManifestError):
        save_manifest(BROKEN)
    manifest = Manifest.objects.get(plugin_id="test-failures")
    assert manifest.current == first
    assert manifest.versions.count() == 1


@pytest.mark.django_db
def test_a_version_can_be_rolled_back_and_each_change_is_logged(django_user_model):
    admin = django_user_model.objects.create_superuser("county", "c@example.com", "pw")
    first = save_manifest(GOOD, admin)
    second = save_manifest(GOOD.replace('"1.0"', '"1.1"'), admin)
    assert second.number == 2
    roll_back(first, admin)
    assert Manifest.objects.get(plugin_id="test-failures").current == first
    log = PluginChange.objects.filter(plugin_id="test-failures").order_by("at", "pk")
    assert [(c.action, c.detail["version"], c.user) for c in log] == [
        ("manifest saved", 1, admin),
        ("manifest saved", 2, admin),
        ("manifest rolled back", 1, admin),
    ]


@pytest.mark.django_db
def test_broken_packages_are_listed_as_failing_and_the_rest_works(client, self_check):
    entries = {entry.id: entry for entry in all_entries()}
    assert not entries["broken-import"].ok
    assert entries["broken-import"].error.startswith("ModuleNotFoundError")
    assert not entries["old-api"].ok
    assert entries["old-api"].error == "supports plugin API 0; this site runs 1"
    assert entries["cross-province-joint"].ok
    assert client.get("/guides/469034-gg-004/").status_code == 200
    fields = self_check("469034-GG-004", "469034100000").fields
    assert [f["plugin"] for f in fields if f["plugin"] != SITUATION] == ["cross-province-joint"]


@pytest.mark.django_db
def test_plugins_command_lists_sources_status_and_townships(capsys):
    call_command("plugins", "list")
    lines = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()}
    assert lines["broken-import"][1:4] == ["package", "-", lines["broken-import"][3]]
    assert lines["broken-import"][3].startswith("FAILING: ModuleNotFoundError")
    assert lines["village-proxy"][1:5] == ["manifest", "1.0", "ok", "英州镇"]
    assert lines["cross-province-joint"][1:5] == ["package", "1.0.0", "ok", "椰林镇"]


@pytest.mark.django_db  # the meaning is checked against the matters' materials
def test_plugins_command_checks_a_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.yaml: 第 11 行，rules\[1\].kind"):
        call_command("plugins", "check", str(bad))
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    call_command("plugins", "check", str(good))
    assert "ok (test-failures 1.0, 1 rules)" in capsys.readouterr().out


RAISING = GOOD.replace('when: "false"', "when: 1 / (size(township.name) - size(township.name)) > 0")


@pytest.mark.django_db
def test_a_rule_that_raises_denies_is_logged_and_tells_whom_to_call(enable_plugin, self_check):
    enable_plugin(RAISING, [GUANGPO])
    result = self_check(SHOP, GUANGPO)
    assert not result.eligible and not result.complete
    assert "预审未能完成，请致电 0898-83322736 咨询。" in result.reasons
    failure = RuleFailure.objects.get()
    assert (failure.plugin_id, failure.rule_id, failure.matter_code, failure.township_code) == (
        "test-failures",
        "ok",
        SHOP,
        GUANGPO,
    )
    assert "division by zero" in failure.error


# The question reads an optional answer without a null guard: `plugins check` warns, and if
# it is enabled anyway the condition raises for everyone who leaves the first question blank.
UNGUARDED_SHOWN_WHEN = GOOD.replace(
    "rules:",
    """fields:
  - name: staff
    label: 从业人员人数
    type: number
    required: false
  - name: health_cert
    label: 从业人员是否都有健康证明？
    type: yesno
    shown_when: answers.staff > 0
rules:""",
)


@pytest.mark.django_db
def test_a_shown_when_that_raises_asks_the_question_denies_and_is_logged(enable_plugin, self_check):
    enable_plugin(UNGUARDED_SHOWN_WHEN, [GUANGPO], check=False)
    result = self_check(SHOP, GUANGPO, {"test-failures": {}})
    # Not hidden silently: the question is asked, the check fails closed, the admin sees why.
    assert "test-failures.health_cert" in [fld["key"] for fld in result.fields]
    assert not result.eligible and not result.complete
    assert "预审未能完成，请致电 0898-83322736 咨询。" in result.reasons
    failure = RuleFailure.objects.get()
    assert failure.plugin_id == "test-failures"
    assert failure.rule_id == "fields.health_cert.shown_when"
    # Answered, the condition holds and nothing fails.
    answered = self_check(SHOP, GUANGPO, {"test-failures": {"staff": 3, "health_cert": True}})
    assert answered.complete and RuleFailure.objects.count() == 1


@pytest.mark.django_db
def test_a_rule_over_budget_denies(enable_plugin, self_check, settings):
    enable_plugin(GOOD, [GUANGPO])
    assert self_check(SHOP, GUANGPO).complete
    settings.PLUGINS_RULE_BUDGET_MS = 0
    result = self_check(SHOP, GUANGPO)
    assert not result.eligible and not result.complete
    assert "budget" in RuleFailure.objects.get(plugin_id="test-failures").error


def dawdle(variables):
    time.sleep(3)
    return False


@pytest.mark.django_db
def test_a_hanging_package_rule_is_abandoned_and_denies(enable_plugin, self_check, settings):
    settings.PLUGINS_RULE_BUDGET_MS = 50
    enable_plugin(
        Plugin(
            id="test-slow",
            name="慢插件",
            version="1",
            api_versions=(PLUGIN_API_VERSION,),
            townships=(),
            rules=(Rule("dawdle", RuleKind.ELIGIBILITY, "不会出现", when=dawdle),),
        ),
        [GUANGPO],
        check=False,  # it passed its check; what matters is that it hangs afterwards
    )
    started = time.perf_counter()
    result = self_check(SHOP, GUANGPO)
    assert time.perf_counter() - started < 1  # the check did not wait for the rule
    assert not result.complete and not result.eligible
    failure = RuleFailure.objects.get(plugin_id="test-slow")
    assert failure.error == "RuleTimeout: ran over its 50 ms budget"


def explode(variables):
    raise RuntimeError("the partner's registry is down")


@pytest.mark.django_db
def test_a_package_rule_that_raises_denies(enable_plugin, self_check):
    enable_plugin(
        Plugin(
            id="test-package",
            name="测试包",
            version="1",
            api_versions=(PLUGIN_API_VERSION,),
            townships=(),
            rules=(Rule("explode", RuleKind.ELIGIBILITY, "不会出现", when=explode),),
        ),
        [GUANGPO],
        check=False,  # the partner's registry went down after it was enabled
    )
    result = self_check(SHOP, GUANGPO)
    assert not result.complete and not result.eligible
    failure = RuleFailure.objects.get()
    assert failure.error == "RuntimeError: the partner's registry is down"


@pytest.mark.django_db
def test_the_self_check_page_says_call_instead_of_failing(enable_plugin, client):
    enable_plugin(RAISING, [GUANGPO])
    response = client.get(f"/self-check/{SHOP}/", {"township": GUANGPO, "answered": "1"})
    assert response.status_code == 200
    assert "0898-83322736" in response.content.decode()


def test_json_manifests_work_and_their_errors_name_lines():
    import json

    data = load_manifest(GOOD)
    assert data.id == "test-failures"
    as_json = json.dumps(
        {
            "plugin_api": ["1"],
            "id": "test-json",
            "name": "JSON",
            "version": "1.0",
            "rules": [{"id": "r", "kind": "waiver", "message": "m"}],
        },
        indent=2,
    )
    [problem] = problems_of(as_json)
    assert problem == "第 9 行，rules[0]：缺少“material”，这里必须填写"
    fixed = as_json.replace('"kind": "waiver"', '"kind": "waiver", "material": "x"')
    assert load_manifest(fixed).rules[0].material == "x"


@pytest.mark.django_db
def test_a_failing_signal_receiver_does_not_break_the_check(self_check, caplog):
    from plugins.signals import precheck_done

    def broken_receiver(sender, **kwargs):
        raise RuntimeError("receiver bug")

    precheck_done.connect(broken_receiver)
    try:
        result = self_check(SHOP, GUANGPO)
    finally:
        precheck_done.disconnect(broken_receiver)
    assert result.eligible
    assert any("receiver bug" in record.exc_text for record in caplog.records if record.exc_text)
