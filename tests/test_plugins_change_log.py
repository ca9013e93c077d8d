"""The change log reads as sentences (issue #20, finding 6): who changed what, with the values
before and after; only values that changed are stored, and a disabled plugin's form keeps
nothing."""

import pytest

from guides.models import Region, StaffProfile, StaffRole
from plugins.change_log import sentence
from plugins.changes import roll_back, save_manifest, set_values
from plugins.models import PluginChange, TownshipPlugin

pytestmark = pytest.mark.django_db

YINGZHOU, GUANGPO = "469034103000", "469034101000"
MANIFEST = """plugin_api: ["1"]
id: test-log
name: 变更记录测试
version: "1.0"
values:
  - {name: limit, label: 每日上限, type: number, default: 3}
  - {name: hours, label: 受理时间, default: 每周一上午}
rules:
  - {id: r, kind: eligibility, when: "false", message: m}
"""


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_user("yz", "yz@example.com", "pw", last_name="王芳")
    user.is_superuser = True
    user.save()
    StaffProfile.objects.create(
        user=user, role=StaffRole.TOWNSHIP_ADMIN, township=Region.objects.get(code=YINGZHOU)
    )
    client.force_login(user)
    return user


def sentences(plugin_id: str) -> list[str]:
    changes = PluginChange.objects.filter(plugin_id=plugin_id).select_related("user", "township")
    return [sentence(change) for change in changes.order_by("at", "pk")]


def test_each_change_is_a_chinese_sentence_with_before_and_after(client, admin):
    client.post("/admin/plugins/manifests/new/", {"source": MANIFEST})
    client.post(
        f"/admin/plugins/townships/{YINGZHOU}/",
        {
            "enabled.test-log": "on",
            "value.test-log.limit": "5",
            "value.test-log.hours": "每周一上午",
        },
    )
    client.post(
        f"/admin/plugins/townships/{YINGZHOU}/",
        {
            "enabled.test-log": "on",
            "value.test-log.limit": "8",
            "value.test-log.hours": "每周一上午",
        },
    )
    assert sentences("test-log") == [
        "王芳 保存了“变更记录测试”第 1 版，即刻生效",
        "王芳 在英州镇启用了“变更记录测试”",
        "王芳 把英州镇“变更记录测试”的“每日上限”由 “3” 改为 “5”",
        "王芳 把英州镇“变更记录测试”的“每日上限”由 “5” 改为 “8”",
    ]
    html = client.get("/admin/plugins/").content.decode()
    assert "王芳 把英州镇“变更记录测试”的“每日上限”由 “5” 改为 “8”" in html
    assert "{&#x27;before&#x27;" not in html and "'before'" not in html
    # only the changed value is stored; the unchanged one still comes from the default
    setting = TownshipPlugin.objects.get(township__code=YINGZHOU, plugin_id="test-log")
    assert setting.values == {"limit": 8}


def test_saving_a_township_form_stores_no_defaults_of_disabled_plugins(client, admin):
    client.post("/admin/plugins/manifests/new/", {"source": MANIFEST})
    form = client.get(f"/admin/plugins/townships/{YINGZHOU}/").content.decode()
    assert 'name="value.test-log.limit" value="3"' in form
    # the form as the browser sends it: every plugin's values, only village-proxy ticked
    client.post(
        f"/admin/plugins/townships/{YINGZHOU}/",
        {
            "enabled.village-proxy": "on",
            "value.village-proxy.handover": "每周二、周五上午",
            "value.test-log.limit": "3",
            "value.test-log.hours": "每周一上午",
            "value.lingshui-cross-township.partners": "",
        },
    )
    assert (
        not TownshipPlugin.objects.filter(township__code=YINGZHOU, plugin_id="test-log")
        .exclude(values={})
        .exists()
    )
    village = TownshipPlugin.objects.get(township__code=YINGZHOU, plugin_id="village-proxy")
    assert village.values == {}  # the default handover time was sent back unchanged
    assert not PluginChange.objects.filter(action__in=["value changed", "values changed"])


def test_lists_empty_and_yes_no_read_as_written(admin):
    save_manifest(
        MANIFEST.replace(
            "values:\n",
            "values:\n  - {name: towns, label: 合作乡镇, type: list, default: []}\n"
            "  - {name: open, label: 是否开放, type: boolean, default: false}\n",
        ),
        admin,
    )
    township = Region.objects.get(code=GUANGPO)
    set_values(township, "test-log", {"towns": "英州镇，光坡镇", "open": "on"}, admin)
    assert sentences("test-log")[1:] == [
        "王芳 把光坡镇“变更记录测试”的“合作乡镇”由 （空） 改为 “英州镇、光坡镇”",
        "王芳 把光坡镇“变更记录测试”的“是否开放”由 否 改为 是",
    ]


def test_versions_and_roll_back_name_the_version_that_ran_before(admin):
    first = save_manifest(MANIFEST, admin)
    save_manifest(MANIFEST.replace('"1.0"', '"1.1"'), admin)
    roll_back(first, admin)
    PluginChange.objects.filter(plugin_id="test-log").update(user=None)
    assert sentences("test-log") == [
        "系统 保存了“变更记录测试”第 1 版，即刻生效",
        "系统 保存了“变更记录测试”第 2 版，即刻生效（此前运行第 1 版）",
        "系统 把“变更记录测试”退回到第 1 版（此前运行第 2 版）",
    ]


def test_rows_written_before_one_row_per_value_read_as_sentences_too(admin):
    """Before 7129f53 a township form wrote one "values changed" row with every stored value before
    and after; those rows are read as one sentence naming only what changed."""
    save_manifest(MANIFEST, admin)
    old = PluginChange.objects.create(
        user=admin,
        plugin_id="test-log",
        township=Region.objects.get(code=YINGZHOU),
        action="values changed",
        detail={"before": {"limit": 5}, "after": {"limit": 8, "hours": "每周一上午", "gone": 1}},
    )
    assert sentence(old) == (
        "王芳 把英州镇“变更记录测试”的“每日上限”由 “5” 改为 “8”，“受理时间”由 （空） 改为 "
        "“每周一上午”，“gone”由 （空） 改为 “1”"
    )
