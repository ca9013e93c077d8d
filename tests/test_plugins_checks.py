"""The meaning of a plugin is checked before it runs: each kind of mistake found with its line,
path and a Chinese message; none of them can be saved or enabled (issue #20, findings 1, 2, 7)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.models import Region
from plugins.api import PLUGIN_API_VERSION, Field, FieldType, Plugin, Rule, RuleKind
from plugins.changes import ChangeError, save_manifest, set_enabled
from plugins.checks import check_manifest, check_plugin
from plugins.manifest import ManifestError
from plugins.models import Manifest, TownshipPlugin

pytestmark = pytest.mark.django_db

LIAN = "469034108000"  # 黎安镇
FOOD = "469034-XK-001"  # 食品经营许可证核发

# A 黎安镇 manifest for 食品经营许可 as a township developer writes it: the table below breaks one
# thing at a time. Line numbers are the file's (line 1 is plugin_api).
GOOD = """\
plugin_api: ["1"]
id: lian-food
name: 黎安镇食品经营许可
version: "1.0"
townships: ["469034108000"]
matters:
  codes: ["469034-XK-001"]
values:
  - name: max_area
    label: 当场办结的经营面积上限（平方米）
    type: number
    default: 50
fields:
  - name: area
    label: 经营面积（平方米）
    type: number
  - name: prepackaged_only
    label: 是否仅销售预包装食品
    type: yesno
  - name: staff
    label: 从业人员人数
    type: number
    required: false
rules:
  - id: small_shop
    kind: immediate
    when: answers.area <= values.max_area
    message: 经营面积$max_area平方米以下的，当场办结。
  - id: prepackaged
    kind: waiver
    when: answers.prepackaged_only == true
    material: 主要设备设施、经营布局
    message: 仅销售预包装食品的，不用提交设备布局和操作流程文件。
"""

MISTAKES = [
    # (what is broken, replace this, with this, line, path, words the message must contain)
    (
        "undeclared answer",
        "answers.area <= values.max_area",
        "answers.floor_area <= values.max_area",
        27,
        "rules[0].when",
        ["answers 里没有“floor_area”", "area、prepackaged_only、staff", "answers.area"],
    ),
    (
        "undeclared value",
        "answers.area <= values.max_area",
        "answers.area <= values.area_limit",
        27,
        "rules[0].when",
        ["values 里没有“area_limit”", "max_area"],
    ),
    (
        "undeclared $name in a message",
        "经营面积$max_area平方米",
        "经营面积$max_areaa平方米",
        28,
        "rules[0].message",
        ["$max_areaa", "是不是想写 $max_area"],
    ),
    (
        "material of no matter it applies to",
        "material: 主要设备设施、经营布局",
        "material: 健康证明",
        32,
        "rules[1].material",
        ["没有名称含“健康证明”的", "不会起作用"],
    ),
    (
        "type error: a yes/no compared as a number",
        "answers.prepackaged_only == true",
        "answers.prepackaged_only > 1",
        31,
        "rules[1].when",
        ["是/否（true/false）和数字比大小"],
    ),
    (
        "type error: a condition that is not true or false",
        "answers.prepackaged_only == true",
        "answers.area + 1",
        31,
        "rules[1].when",
        ["结果是数字，不是 true 或 false"],
    ),
    (
        "a function CEL does not have",
        "answers.prepackaged_only == true",
        "lower(answers.prepackaged_only)",
        31,
        "rules[1].when",
        ["没有“lower”这个函数"],
    ),
    (
        "syntax error in plain words",
        "answers.area <= values.max_area",
        "answers.area <=",
        27,
        "rules[0].when",
        ["条件没写完", "第 16 个字符处"],
    ),
    (
        "a full-width symbol",
        "answers.area <= values.max_area",
        "answers.area ＜ values.max_area",
        27,
        "rules[0].when",
        ["条件里不能用“＜”", "半角"],
    ),
    (
        "a word for and",
        "answers.prepackaged_only == true",
        "answers.prepackaged_only == true and answers.area > 1",
        31,
        "rules[1].when",
        ["“and”放在这里不对", "&&"],
    ),
    (
        "a misspelt rule kind",
        "kind: immediate",
        "kind: immediat",
        26,
        "rules[0].kind",
        ["“immediat”不是可选的值", "immediate"],
    ),
    (
        "a key the schema does not have",
        "    kind: immediate\n",
        "    kind: immediate\n    priority: 1\n",
        27,
        "rules[0].priority",
        ["这里不能写“priority”", "id、kind、when、message"],
    ),
    (
        "an eligibility rule with no condition",
        "    kind: waiver\n    when: answers.prepackaged_only == true\n"
        "    material: 主要设备设施、经营布局\n",
        "    kind: eligibility\n",
        29,
        "rules[1]",
        ["会拒绝所有申请人"],
    ),
    (
        "an acceptance rule refusing everywhere",
        "    kind: waiver\n    when: answers.prepackaged_only == true\n"
        "    material: 主要设备设施、经营布局\n",
        "    kind: acceptance\n    effect: refuse\n",
        29,
        "rules[1]",
        ["所有办理地点都不受理"],
    ),
    (
        "a window no hall has",
        "仅销售预包装食品的，不用提交设备布局和操作流程文件。",
        "仅销售预包装食品的，请到5号食品窗口办理，不用提交设备布局和操作流程文件。",
        33,
        "rules[1].message",
        ["“5号食品窗口”", "没有哪个办理地点有这个窗口"],
    ),
    (
        "a township code the site does not have",
        'townships: ["469034108000"]',
        'townships: ["469034110000"]',
        5,
        "townships[0]",
        ["没有代码为“469034110000”的乡镇", "黎安镇 469034108000"],
    ),
    (
        "a shown_when on an undeclared answer",
        "    required: false\n",
        "    required: false\n    shown_when: answers.has_staff == true\n",
        24,
        "fields[2].shown_when",
        ["answers 里没有“has_staff”"],
    ),
]


def test_the_good_manifest_has_no_problem():
    plugin, problems = check_manifest(GOOD)
    assert plugin is not None and problems == []


def test_a_message_may_name_a_window_the_halls_have():
    named = GOOD.replace("当场办结。", "到1号综合受理窗口当场办结。")
    assert check_manifest(named)[1] == []


@pytest.mark.parametrize(
    "old, new, line, path, words", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_named_with_its_line_path_and_chinese_message(old, new, line, path, words):
    assert old in GOOD
    _plugin, problems = check_manifest(GOOD.replace(old, new))
    errors = [problem for problem in problems if not problem.warning]
    assert [(problem.line, problem.path) for problem in errors] == [(line, path)], problems
    text = str(errors[0])
    assert text.startswith(f"第 {line} 行，{path}：")
    for word in words:
        assert word in text


def test_an_optional_answer_read_without_a_guard_is_a_warning_with_the_fix():
    text = GOOD.replace("answers.area <= values.max_area", "answers.staff < 3")
    plugin, problems = check_manifest(text)
    assert plugin is not None
    [warning] = problems
    assert warning.warning and (warning.line, warning.path) == (27, "rules[0].when")
    assert str(warning).startswith("提醒：第 27 行，rules[0].when：answers.staff")
    assert "“answers.staff != null && answers.staff < 3”" in str(warning)
    guarded = GOOD.replace(
        "answers.area <= values.max_area", "answers.staff != null && answers.staff < 3"
    )
    assert check_manifest(guarded)[1] == []
    # comparing with == needs no guard: null == 3 is simply false
    assert (
        check_manifest(GOOD.replace("answers.area <= values.max_area", "answers.staff == 3"))[1]
        == []
    )


def test_a_conditional_answer_is_guarded_by_its_own_shown_when():
    text = GOOD.replace(
        "    required: false\n", "    shown_when: answers.prepackaged_only == false\n"
    ).replace(
        "answers.area <= values.max_area",
        "answers.prepackaged_only == false && answers.staff < 3",
    )
    assert check_manifest(text)[1] == []
    unguarded = text.replace("answers.prepackaged_only == false && ", "")
    [warning] = check_manifest(unguarded)[1]
    assert warning.warning and "answers.staff" in warning.message


def test_finding_1_a_typo_cannot_be_saved_or_uploaded(client, django_user_model):
    typo = GOOD.replace("answers.area <=", "answers.floor_area <=")
    with pytest.raises(ManifestError) as caught:
        save_manifest(typo)
    assert "第 27 行，rules[0].when：answers 里没有“floor_area”" in str(caught.value)
    assert not Manifest.objects.filter(plugin_id="lian-food").exists()
    admin = django_user_model.objects.create_superuser("county-checks", "c@example.com", "pw")
    client.force_login(admin)
    response = client.post("/admin/plugins/manifests/new/", {"source": typo})
    assert response.status_code == 200
    assert "answers 里没有“floor_area”" in response.content.decode()
    assert not Manifest.objects.filter(plugin_id="lian-food").exists()


def test_the_command_checks_meaning_and_prints_warnings(tmp_path, capsys):
    path = tmp_path / "lian_food.yaml"
    path.write_text(GOOD.replace("经营面积$max_area", "经营面积$max_areaa"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"lian_food.yaml: 第 28 行，rules\[0\].message"):
        call_command("plugins", "check", str(path))
    path.write_text(GOOD.replace("answers.area <=", "answers.staff <"), encoding="utf-8")
    call_command("plugins", "check", str(path))
    out = capsys.readouterr().out
    assert "提醒：第 27 行" in out and "ok (lian-food 1.0, 2 rules)" in out


def always_raises(variables):
    return variables["answers"]["floor_area"] > 50


def reads_optional(variables):
    return variables["answers"]["staff"] > 3


def package(rule: Rule) -> Plugin:
    return Plugin(
        id="lian-package",
        name="黎安镇测试包",
        version="1",
        api_versions=(PLUGIN_API_VERSION,),
        townships=(LIAN,),
        fields=(
            Field("area", "经营面积", FieldType.NUMBER),
            Field("staff", "从业人员", FieldType.NUMBER, required=False),
        ),
        rules=(rule,),
    )


def test_a_package_is_checked_by_running_its_rules_on_sample_answers():
    broken = package(Rule("typo", RuleKind.ELIGIBILITY, "不行", when=always_raises))
    [error] = check_plugin(broken)
    assert not error.warning and error.path == "rules[0].when"
    assert "无论怎么回答都出错" in str(error) and "KeyError" in str(error)
    careless = package(Rule("staff", RuleKind.ELIGIBILITY, "不行", when=reads_optional))
    [warning] = check_plugin(careless)
    assert warning.warning and "'staff': None" in warning.message and "TypeError" in warning.message


def test_nothing_that_denies_everyone_can_be_enabled(enable_plugin, monkeypatch):
    from plugins import registry
    from plugins.registry import Entry, Source

    broken = package(Rule("typo", RuleKind.ELIGIBILITY, "不行", when=always_raises))
    installed = registry.package_entries()
    monkeypatch.setattr(
        registry,
        "package_entries",
        lambda: (*installed, Entry(broken.id, Source.PACKAGE, broken)),
    )
    with pytest.raises(ChangeError, match="无论怎么回答都出错"):
        set_enabled(Region.objects.get(code=LIAN), broken.id, True)
    assert not TownshipPlugin.objects.filter(plugin_id=broken.id, enabled=True).exists()


def test_a_matter_code_the_site_does_not_have_is_a_warning_with_the_close_codes():
    """A matter may be published after the plugin is written, so an unknown code is a warning
    (the plugin applies to the matters that exist); the close codes are named with their titles.
    When no matter matches at all, the materials are not checked: the matters are what to fix."""
    text = GOOD.replace('codes: ["469034-XK-001"]', 'codes: ["469034-XK-001", "469034-XK-01"]')
    _plugin, problems = check_manifest(text)
    [warning] = problems
    assert warning.warning and (warning.line, warning.path) == (7, "matters.codes[1]")
    assert "没有编码为“469034-XK-01”的事项" in str(warning)
    assert "469034-XK-001（食品经营许可证核发）" in str(warning)
    _plugin, problems = check_manifest(GOOD.replace('["469034-XK-001"]', '["469034-XK-01"]'))
    assert [problem.path for problem in problems] == ["matters.codes[0]", "matters"]
    assert all(problem.warning for problem in problems)


def test_a_material_part_of_several_materials_is_a_warning_naming_them():
    text = GOOD.replace("material: 主要设备设施、经营布局", "material: 食品")
    _plugin, problems = check_manifest(text)
    [warning] = problems
    assert warning.warning and warning.path == "rules[1].material"
    assert "“食品”出现在 3 项材料的名称里" in str(warning)
    assert "“食品经营许可申请书”" in str(warning)


def test_a_material_no_matter_has_lists_the_materials():
    text = GOOD.replace("material: 主要设备设施、经营布局", "material: 卫生许可证")
    _plugin, problems = check_manifest(text)
    [error] = problems
    assert not error.warning and "没有名称含“卫生许可证”的" in str(error)
    assert "这些事项的材料有：" in str(error) and "“营业执照”" in str(error)


def test_the_command_says_what_to_do_with_a_folder_or_an_unknown_id(tmp_path):
    with pytest.raises(CommandError, match="是一个文件夹。包插件要先装进网站的环境"):
        call_command("plugins", "check", str(tmp_path))
    with pytest.raises(CommandError, match=r"既不是清单文件，也不是已安装的插件.*village-proxy"):
        call_command("plugins", "try", "lian-x", "--matter", FOOD, "--township", LIAN)
