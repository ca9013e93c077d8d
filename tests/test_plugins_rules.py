"""Each rule kind and field type, written as a manifest and enabled in one township."""

import pytest

from plugins.answers import id_card_is_valid

pytestmark = pytest.mark.django_db

GUANGPO, LIAN, YELIN = "469034101000", "469034108000", "469034100000"
SHOP = "469034-XK-004"  # 个体工商户设立登记: decided on the spot, offered at every hall
BENEFIT = "469034-JF-001"  # 最低生活保障审核确认: promised within working days


def manifest(rules: str, fields: str = "", extra: str = "") -> str:
    return f"""
plugin_api: ["1"]
id: test-rules
name: 测试规则
version: "1.0"
{extra}
fields:
  - name: age
    label: 年龄
    type: number
  - name: household
    label: 户籍
    type: choice
    required: false
    choices: [{{value: local, label: 本县}}, {{value: other, label: 外县}}]
{fields}
rules:
{rules}
"""


def answers(**given):
    return {"test-rules": {"age": 30, **given}}


def test_eligibility_rule_denies_with_its_message(enable_plugin, self_check):
    enable_plugin(
        manifest("""
  - id: too_young
    kind: eligibility
    when: answers.age < 18
    message: 未满18周岁的，由监护人代为申请。
"""),
        [GUANGPO],
    )
    young = self_check(SHOP, GUANGPO, answers(age=16))
    assert not young.eligible
    assert "未满18周岁的，由监护人代为申请。" in young.reasons
    adult = self_check(SHOP, GUANGPO, answers(age=40))
    assert adult.eligible
    assert "未满18周岁的，由监护人代为申请。" not in adult.reasons
    # only where it is enabled
    assert self_check(SHOP, LIAN, answers(age=16)).eligible


def test_acceptance_rule_refuses_a_place_and_can_accept_one(enable_plugin, self_check):
    enable_plugin(
        manifest("""
  - id: not_at_lian
    kind: acceptance
    effect: refuse
    when: point.name == "黎安镇便民服务中心"
    message: 黎安镇便民服务中心装修，暂停受理。
"""),
        [GUANGPO, LIAN],  # a hall's acceptance rules are its own township's
    )
    result = self_check(SHOP, GUANGPO, answers())
    names = [place.point.name for place in result.places]
    assert "黎安镇便民服务中心" not in names
    assert "光坡镇便民服务中心" in names
    assert "黎安镇便民服务中心装修，暂停受理。" in result.reasons


def test_acceptance_rule_accepts_a_place_its_offer_does_not_serve(enable_plugin, self_check):
    # 桃源村's station handles 居住证明 by proxy for 椰林镇 only; 椰林镇's rule opens it to
    # 光坡镇's residents (a hall's acceptance rules are its own township's: plugins.applicability)
    before = [p.point.name for p in self_check("469034-GG-002", GUANGPO).places]
    assert "桃源村便民服务站" not in before
    enable_plugin(
        manifest("""
  - id: taoyuan_for_all
    kind: acceptance
    effect: accept
    when: point.name == "桃源村便民服务站"
    message: 桃源村便民服务站也为光坡镇居民代办。
"""),
        [YELIN],
    )
    after = self_check("469034-GG-002", GUANGPO, answers())
    assert "桃源村便民服务站" in [p.point.name for p in after.places]
    assert "桃源村便民服务站也为光坡镇居民代办。" in after.reasons


def test_immediate_rule_decides_on_the_spot(enable_plugin, self_check):
    enable_plugin(
        manifest("""
  - id: elderly_on_the_spot
    kind: immediate
    when: answers.age >= 80
    message: 80周岁以上老人当场办结。
"""),
        [GUANGPO],
    )
    baseline = self_check(BENEFIT, GUANGPO, answers(age=50))
    assert not baseline.immediate and baseline.time_limit_days > 0
    fast = self_check(BENEFIT, GUANGPO, answers(age=85))
    assert fast.immediate and fast.time_limit_days == 0
    assert "80周岁以上老人当场办结。" in fast.reasons


def test_commitment_deferral_waiver_and_extra_materials(enable_plugin, self_check):
    enable_plugin(
        manifest("""
  - id: premises_by_commitment
    kind: commitment
    material: 经营场所使用证明
    message: 签署经营场所信息申报承诺书即可，不用交证明。
  - id: form_later
    kind: deferral
    material: 申请书
    days: 5
    message: 申请书可在$days个工作日内补交。
  - id: no_family_proof
    kind: waiver
    when: answers.household == "local"
    material: 家庭成员关系证明
    message: 本县户籍由窗口调取，不用提交。
  - id: health_certificate
    kind: extra_material
    material: 从业人员健康证明
    message: 本镇要求食品摊点提交健康证明。
"""),
        [GUANGPO],
    )
    result = self_check(SHOP, GUANGPO, answers(household="local"))
    by_status = {line.status: line for line in result.materials if line.status != "required"}
    extra = result.materials[-1]  # an extra material is one more to bring: 需提交
    assert by_status["commitment"].name.startswith("经营场所使用证明")
    assert by_status["commitment"].note == "签署经营场所信息申报承诺书即可，不用交证明。"
    assert by_status["deferrable"].name.startswith("个体工商户登记（备案）申请书")
    assert by_status["deferrable"].note == "申请书可在5个工作日内补交。"
    assert by_status["waived"].name.startswith("家庭成员关系证明")
    assert (extra.name, extra.status, extra.note) == (
        "从业人员健康证明",
        "required",
        "本镇要求食品摊点提交健康证明。",
    )
    other = self_check(SHOP, GUANGPO, answers(household="other"))
    assert "waived" not in {line.status for line in other.materials}


def test_routing_rule_sends_to_the_county_centre(enable_plugin, self_check):
    enable_plugin(
        manifest("""
  - id: big_shops_to_county
    kind: routing
    when: answers.age > 60
    message: 本镇暂不办理，请到县政务服务中心办理。
"""),
        [GUANGPO],
    )
    routed = self_check(SHOP, GUANGPO, answers(age=70))
    assert [p.point.kind for p in routed.places] == ["county_centre"]
    assert "本镇暂不办理，请到县政务服务中心办理。" in routed.reasons
    assert len(self_check(SHOP, GUANGPO, answers(age=20)).places) > 1


def test_values_reach_conditions_and_messages(enable_plugin, self_check):
    enable_plugin(
        manifest(
            """
  - id: limit
    kind: eligibility
    when: answers.age > values.max_age
    message: 超过$max_age岁的请电话预约。
""",
            extra="values:\n  - {name: max_age, label: 年龄上限, type: number, default: 70}",
        ),
        [GUANGPO],
        values={"max_age": "60"},
    )
    result = self_check(SHOP, GUANGPO, answers(age=65))
    assert "超过60岁的请电话预约。" in result.reasons


@pytest.mark.parametrize(
    ("field_type", "good", "bad"),
    [
        ("text", "张三", ["x" * 201]),
        ("number", "12.5", ["twelve", True]),
        ("date", "2026-01-31", ["2026-02-30", "31/01/2026"]),
        ("yesno", "是", ["maybe"]),
        ("id_card", "11010519491231002x", ["110105194912310021", "1101051949123100"]),
        ("phone", "13812345678", ["12"]),
        ("choice", "a", ["c"]),
        ("multichoice", ["a", "b"], [["a", "c"]]),
    ],
)
def test_field_types_accept_good_answers_and_name_bad_ones(
    enable_plugin, self_check, field_type, good, bad
):
    enable_plugin(
        manifest(
            "  - {id: noop, kind: eligibility, when: 'false', message: 不会出现}",
            fields=f"""  - name: probe
    label: 测试
    type: {field_type}
    choices: [{{value: a, label: A}}, {{value: b, label: B}}]
""",
        ),
        [GUANGPO],
    )
    assert self_check(SHOP, GUANGPO, answers(probe=good)).problems == {}
    for answer in bad:
        problems = self_check(SHOP, GUANGPO, answers(probe=answer)).problems
        assert list(problems) == ["test-rules.probe"], answer


def test_required_and_conditional_fields(enable_plugin, self_check):
    enable_plugin(
        manifest(
            "  - {id: noop, kind: eligibility, when: 'false', message: 不会出现}",
            fields="""  - name: agent_phone
    label: 代办人电话
    type: phone
    shown_when: answers.household == "other"
""",
        ),
        [GUANGPO],
    )
    missing = self_check(SHOP, GUANGPO, {})
    assert set(missing.problems) == {"test-rules.age"}
    assert not missing.eligible
    hidden = self_check(SHOP, GUANGPO, answers(household="local"))
    assert "agent_phone" not in [f["name"] for f in hidden.fields]
    assert hidden.problems == {}
    shown = self_check(SHOP, GUANGPO, answers(household="other"))
    assert "agent_phone" in [f["name"] for f in shown.fields]
    assert set(shown.problems) == {"test-rules.agent_phone"}


def test_id_card_check_digit():
    assert id_card_is_valid("11010519491231002X")
    assert not id_card_is_valid("11010519491231002Y")
    assert not id_card_is_valid("110105194902300021")  # no 30 February


def test_rules_are_called_not_registered_with_django_rules(enable_plugin, self_check):
    """The self check calls the condition compiled for the version it read; nothing is written
    into django-rules' registry, where another thread could meet a different version."""
    import rules

    enable_plugin(
        manifest("  - {id: adults_only, kind: eligibility, when: answers.age < 18, message: 小}"),
        [GUANGPO],
    )
    assert "小" in self_check(SHOP, GUANGPO, answers(age=12)).reasons
    assert "小" not in self_check(SHOP, GUANGPO, answers(age=40)).reasons
    assert not rules.rule_exists("plugins.test-rules.adults_only")
