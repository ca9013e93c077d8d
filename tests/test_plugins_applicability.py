"""Whose plugins apply (plugins.applicability): every rule kind across the applicant's township ×
the point's township, as a table and through the self check (issue #20, finding 3)."""

import pytest

from plugins.api import RuleKind
from plugins.applicability import WHOSE, Township, deciding_township

LIAN, SANCAI, YINGZHOU = "469034108000", "469034102000", "469034103000"
COUNTY_CENTRE = ""  # a point without a township

# Where the plugin is enabled → (applicant, point) → the township whose values apply (or None).
CASES = [
    # enabled in the applicant's township only: a 黎安镇 resident at 三才镇's hall
    (
        {LIAN},
        LIAN,
        SANCAI,
        {
            RuleKind.ELIGIBILITY: LIAN,
            RuleKind.ACCEPTANCE: None,  # 三才镇's hall never adopted it
            RuleKind.IMMEDIATE: None,  # 三才镇's hall does not decide it on the spot
            RuleKind.COMMITMENT: LIAN,
            RuleKind.DEFERRAL: None,
            RuleKind.WAIVER: LIAN,
            RuleKind.EXTRA_MATERIAL: LIAN,
            RuleKind.ROUTING: LIAN,
        },
    ),
    # enabled in the point's township only: 三才镇's practice for a 黎安镇 resident
    (
        {SANCAI},
        LIAN,
        SANCAI,
        {
            RuleKind.ELIGIBILITY: None,
            RuleKind.ACCEPTANCE: SANCAI,
            RuleKind.IMMEDIATE: None,
            RuleKind.COMMITMENT: None,
            RuleKind.DEFERRAL: SANCAI,
            RuleKind.WAIVER: None,  # the waiver is 三才镇 residents', not 黎安镇's
            RuleKind.EXTRA_MATERIAL: None,
            RuleKind.ROUTING: None,
        },
    ),
    # enabled in both: each kind with its own township's values
    (
        {LIAN, SANCAI},
        LIAN,
        SANCAI,
        {
            RuleKind.ELIGIBILITY: LIAN,
            RuleKind.ACCEPTANCE: SANCAI,
            RuleKind.IMMEDIATE: LIAN,
            RuleKind.COMMITMENT: LIAN,
            RuleKind.DEFERRAL: SANCAI,
            RuleKind.WAIVER: LIAN,
            RuleKind.EXTRA_MATERIAL: LIAN,
            RuleKind.ROUTING: LIAN,
        },
    ),
    # at the county centre (no township) or with no point chosen: the applicant's township
    ({LIAN}, LIAN, COUNTY_CENTRE, dict.fromkeys(RuleKind.ALL, LIAN)),
    # enabled elsewhere: nothing applies
    ({YINGZHOU}, LIAN, SANCAI, dict.fromkeys(RuleKind.ALL, None)),
]


def test_every_rule_kind_has_a_defined_township():
    assert set(WHOSE) == set(RuleKind.ALL)
    assert set(WHOSE.values()) <= {Township.APPLICANT, Township.POINT, Township.BOTH}


@pytest.mark.parametrize("kind", RuleKind.ALL)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_whose_rule_applies(case, kind):
    enabled, applicant, point, expected = CASES[case]
    assert deciding_township(kind, applicant, point, frozenset(enabled)) == expected[kind]


def test_no_applicant_township_only_the_point_decides():
    assert deciding_township(RuleKind.WAIVER, "", SANCAI, {SANCAI}) is None
    assert deciding_township(RuleKind.ACCEPTANCE, "", SANCAI, {SANCAI}) == SANCAI


WAIVER = """
plugin_api: ["1"]
id: sancai-premises-waiver
name: 三才镇经营场所证明免交
version: "1.0"
matters:
  codes: ["469034-XK-003"]
rules:
  - id: licence
    kind: waiver
    material: 经营场所产权证明
    message: 本镇居民的经营场所由镇不动产登记信息核验，免交产权证明或租赁合同。
"""
TOBACCO = "469034-XK-003"


@pytest.mark.django_db
def test_a_lian_resident_at_sancai_hall_gets_no_waiver_sancai_adopted(enable_plugin, self_check):
    # the finding: a 黎安镇 resident choosing 三才镇's hall was promised another township's waiver
    from guides.models import ServicePoint

    enable_plugin(WAIVER, [SANCAI])
    hall = ServicePoint.objects.get(name="三才镇便民服务中心")
    visitor = self_check(TOBACCO, LIAN, point=hall)
    premises = next(line for line in visitor.materials if line.name.startswith("经营场所"))
    assert premises.status == "required"
    resident = self_check(TOBACCO, SANCAI, point=hall)
    premises = next(line for line in resident.materials if line.name.startswith("经营场所"))
    assert premises.status == "waived"
