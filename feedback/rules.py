"""Who handles ratings' rectification tasks and problem reports (django-rules, autodiscovered).

County administrators and reviewers handle everything; township administrators and editors
their own township's tasks and reports (a task with no township is the county's); window staff
record problem reports at the window and see the ones they recorded. Built on the role
predicates of ``guides.rules``.
"""

from __future__ import annotations

import rules

from guides.rules import (
    is_county_admin,
    is_county_reviewer,
    is_staff_member,
    is_township_staff,
    is_window_staff,
    township_of,
)


@rules.predicate
def in_own_feedback_township(user, obj) -> bool:
    """A task or report routed to the user's township; with no object, the user has one."""
    own = township_of(user)
    if own is None:
        return False
    return obj is None or obj.township_id == own.pk


@rules.predicate
def recorded_it(user, obj) -> bool:
    return obj is None or getattr(obj, "recorded_by_id", None) == user.pk


is_county_staff = is_county_admin | is_county_reviewer
handles_feedback = is_county_staff | (is_township_staff & in_own_feedback_township)

rules.add_perm("feedback.view_rectification", handles_feedback)
rules.add_perm("feedback.change_rectification", handles_feedback)
rules.add_perm("feedback.add_problemreport", is_staff_member)
rules.add_perm("feedback.view_problemreport", handles_feedback | (is_window_staff & recorded_it))
rules.add_perm("feedback.change_problemreport", handles_feedback)
#   view_figures  the figures in the admin (every staff role; they are public anyway)
rules.add_perm("feedback.view_figures", is_staff_member)
