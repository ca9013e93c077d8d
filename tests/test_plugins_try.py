"""Trying a plugin before enabling it (issue #20): ``manage.py plugins try`` shows the self check
without the plugin and with it side by side, and nothing is stored or seen by citizens."""

import json

import pytest
from django.core.management import CommandError, call_command

from guides.models import GuidePage, Region
from plugins.manifest import load_manifest
from plugins.models import Manifest, PluginChange, RuleFailure, TownshipPlugin
from plugins.registry import trying
from plugins.trial import compare
from selfcheck.precheck import run_precheck

pytestmark = pytest.mark.django_db

YINGZHOU, GUANGPO, MATTER = "469034103000", "469034101000", "469034-GG-002"
DRAFT = """plugin_api: ["1"]
id: test-try
name: 试运行测试
version: "0.1"
matters: {codes: ["469034-GG-002"]}
fields:
  - {name: lives_here, label: 是否在本镇居住满半年？, type: yesno, required: true}
rules:
  - id: residents_only
    kind: eligibility
    when: answers.lives_here == false
    message: 本镇规定须在本镇居住满半年方可申请。
  - id: lease
    kind: extra_material
    when: answers.lives_here == true
    material: 房屋租赁合同或居住证明
    message: 请带上居住证明。
"""


def tried(tmp_path, *args: str, draft: str = DRAFT) -> str:
    path = tmp_path / "draft.yaml"
    path.write_text(draft, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("plugins", "try", str(path), *args, stdout=out)
    return out.getvalue()


def test_try_shows_both_sides_and_stores_nothing(tmp_path):
    out = tried(
        tmp_path, "--matter", MATTER, "--township", GUANGPO, "--answers", '{"lives_here": false}'
    )
    lines = out.splitlines()
    assert "不启用" in lines[0] and "启用 试运行测试（test-try 0.1）在光坡镇" in lines[0]
    verdict = next(line for line in lines if line.startswith("能否办理"))
    assert verdict.split()[1:] == ["-可以办理", "+不能办理"]
    assert "+本镇规定须在本镇居住满半年方可申请。" in out
    assert "+test-try.lives_here：是否在本镇居住满半年？" in out
    assert not Manifest.objects.filter(plugin_id="test-try").exists()
    assert not TownshipPlugin.objects.filter(plugin_id="test-try").exists()
    assert not PluginChange.objects.filter(plugin_id="test-try").exists()


def test_a_rule_failing_in_a_trial_is_shown_not_stored(tmp_path):
    """The admin's failing rules are those citizens met; a trial shows its own failure."""
    failing = DRAFT.replace(
        "when: answers.lives_here == false",
        "when: 1 / (size(township.name) - size(township.name)) > 0",
    )
    args = ("--matter", MATTER, "--township", GUANGPO, "--answers", '{"lives_here": false}')
    out = tried(tmp_path, *args, draft=failing)
    verdict = next(line for line in out.splitlines() if line.startswith("能否办理"))
    assert "预审未完成（有规则出错）" in verdict
    assert not RuleFailure.objects.exists()


def test_try_shows_an_added_material(tmp_path):
    out = tried(
        tmp_path, "--matter", MATTER, "--township", GUANGPO, "--answers", '{"lives_here": true}'
    )
    assert "+房屋租赁合同或居住证明" in out
    verdict = next(line for line in out.splitlines() if line.startswith("能否办理"))
    assert verdict.split()[1:] == ["可以办理", "可以办理"]


def test_compare_gives_result_objects_without_and_with():
    guide = GuidePage.objects.get(code=MATTER)
    without, with_plugin = compare(
        load_manifest(DRAFT),
        matter=MATTER,
        township=GUANGPO,
        plugin_township=GUANGPO,
        answers={"test-try": {"lives_here": False}},
    )
    assert without.eligible and not with_plugin.eligible
    # outside the trial, the self check never sees the draft
    plain = run_precheck(guide, township=Region.objects.get(code=GUANGPO), answers={})
    assert not any(f["plugin"] == "test-try" for f in plain.fields)
    out = json.dumps([without.reasons, with_plugin.reasons], ensure_ascii=False)
    assert "本镇规定须在本镇居住满半年方可申请。" in out


def test_an_enabled_plugin_by_id_is_left_out_of_the_without_side():
    out_plugin = "village-proxy"  # enabled in 英州镇 by the demo
    from io import StringIO

    out = StringIO()
    call_command(
        "plugins", "try", out_plugin, "--matter", MATTER, "--township", YINGZHOU, stdout=out
    )
    text = out.getvalue()
    assert "+village-proxy.proxy_consent" in text


def test_a_trial_is_seen_only_inside_its_block():
    guide = GuidePage.objects.get(code=MATTER)
    township = Region.objects.get(code=GUANGPO)
    with trying(load_manifest(DRAFT), {GUANGPO}):
        inside = run_precheck(guide, township=township, answers={})
    outside = run_precheck(guide, township=township, answers={})
    assert any(f["key"] == "test-try.lives_here" for f in inside.fields)
    assert not any(f["key"] == "test-try.lives_here" for f in outside.fields)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--matter", "000000-XX-000", "--township", YINGZHOU], "没有编码为 000000-XX-000"),
        (["--matter", MATTER, "--township", "1"], "没有区划代码为 1 的"),
        (["--matter", MATTER, "--township", YINGZHOU, "--point", "999999"], "没有编号为 999999"),
        (
            ["--matter", MATTER, "--township", YINGZHOU, "--answers", "{"],
            "不是有效的 JSON（第 1 行第 2 列）",
        ),
    ],
)
def test_bad_input_is_named_in_chinese(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        tried(tmp_path, *args)


def test_a_manifest_with_errors_is_not_tried(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(DRAFT.replace("answers.lives_here ==", "answers.lives_her =="), "utf-8")
    with pytest.raises(CommandError, match="lives_her"):
        call_command("plugins", "try", str(path), "--matter", MATTER, "--township", YINGZHOU)


@pytest.fixture
def county_admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("county", "county@example.com", "pw")
    client.force_login(user)
    return user


def test_the_admin_previews_a_draft_side_by_side_and_stores_nothing(client, county_admin):
    response = client.post(
        "/admin/plugins/manifests/new/",
        {
            "source": DRAFT,
            "preview": "1",
            "matter": MATTER,
            "township": GUANGPO,
            "answers": '{"lives_here": false}',
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="compared"' in html
    assert '<p class="trial-new">+ 本镇规定须在本镇居住满半年方可申请。</p>' in html
    assert '<p class="trial-gone">− 可以办理</p>' in html
    assert '<p class="trial-new">+ 不能办理</p>' in html
    assert not Manifest.objects.filter(plugin_id="test-try").exists()


def test_the_admin_preview_names_errors_and_missing_input(client, county_admin):
    broken = DRAFT.replace("answers.lives_here ==", "answers.lives_her ==")
    html = client.post(
        "/admin/plugins/manifests/new/",
        {"source": broken, "preview": "1", "matter": MATTER, "township": GUANGPO},
    ).content.decode()
    assert "未试运行，请先修改" in html and "lives_her" in html
    html = client.post(
        "/admin/plugins/manifests/new/", {"source": DRAFT, "preview": "1"}
    ).content.decode()
    assert "请填写事项编码和乡镇区划代码后再试运行。" in html
    html = client.post(
        "/admin/plugins/manifests/new/",
        {"source": DRAFT, "preview": "1", "matter": "000000-XX-000", "township": GUANGPO},
    ).content.decode()
    assert "没有编码为 000000-XX-000 的已发布办事指南。" in html
    assert not Manifest.objects.filter(plugin_id="test-try").exists()
