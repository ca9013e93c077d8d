"""Whose plugins apply: the applicant's township, the accepting point's, or both, per rule kind.

Under 跨镇通办 a resident of one township may apply at another township's hall. The hall then
applies its own window practice to them, while what the law ties to residence follows the
applicant's township, whose office decides the case (前台受理、后台审批). So a rule of a plugin
applies when that plugin is enabled in the township this table names, with that township's
values:

================  ==========  =================================================================
kind              township    why
================  ==========  =================================================================
eligibility       applicant   who may apply is the deciding (home) township's policy
acceptance        point       whether a place takes the application is that hall's practice
immediate         both        on the spot needs the deciding township's policy *and* a hall
                              that decides at once; values from the applicant's township
commitment        applicant   the deciding office verifies the commitment afterwards
deferral          point       容缺受理 is acceptance: the hall that takes the file keeps it
                              open and collects the missing material
waiver            applicant   a waiver tied to residence is the home township's
extra_material    applicant   what the deciding office needs to decide
routing           applicant   whether the home township's delegated powers cover the case
================  ==========  =================================================================

"point" means the township of the point the rule is about: for acceptance rules each place
judged, otherwise the point the applicant chose. A point without a township (the county
centre, which serves every township of the county) and no point chosen both count as the
applicant's township. The self check asks the questions of every plugin enabled in the
applicant's or the chosen point's township (``plugins.evaluation``).
"""

from __future__ import annotations

from plugins.api import RuleKind


class Township:
    APPLICANT = "applicant"
    POINT = "point"
    BOTH = "both"


WHOSE = {
    RuleKind.ELIGIBILITY: Township.APPLICANT,
    RuleKind.ACCEPTANCE: Township.POINT,
    RuleKind.IMMEDIATE: Township.BOTH,
    RuleKind.COMMITMENT: Township.APPLICANT,
    RuleKind.DEFERRAL: Township.POINT,
    RuleKind.WAIVER: Township.APPLICANT,
    RuleKind.EXTRA_MATERIAL: Township.APPLICANT,
    RuleKind.ROUTING: Township.APPLICANT,
}


def deciding_township(
    kind: str, applicant: str, point: str, enabled_in: set[str] | frozenset[str]
) -> str | None:
    """The township whose values a rule of ``kind`` runs with, or None when it does not apply.

    ``applicant`` and ``point`` are division codes ("" for none: no township given, or a point
    without a township such as the county centre); ``enabled_in`` are the townships where the
    rule's plugin is enabled.
    """
    point = point or applicant
    whose = WHOSE[kind]
    if whose == Township.APPLICANT:
        needed = [applicant]
    elif whose == Township.POINT:
        needed = [point]
    else:
        needed = [applicant, point]
    if all(code and code in enabled_in for code in needed):
        return needed[0]
    return None
