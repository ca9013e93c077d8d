"""The permission matrix of ratings' tasks and problem reports, in the style of
``test_permissions_matrix``: every role × action × own / other township, asserted by the
django-rules permission and by what the admin views let the user do.

"Own" objects are 黎安镇's (the demo editor's and window clerk's township), "other" objects
英州镇's; the window clerk recorded the own report, someone else the other one.
"""

from __future__ import annotations

import pytest
from django.test import Client

from feedback import rectification as tasks
from feedback.models import ProblemReport, Rating, Rectification
from feedback.report_loop import receive
from guides.models import GuidePage, Region
from tests.editorial_builders import LIAN, YINGZHOU, staff

pytestmark = pytest.mark.django_db

Y, N = True, False
ACTIONS = ("view_task", "change_task", "view_report", "change_report", "add_report")
# role: action: (own township, other township)
EXPECTED = {
    "county_admin": dict.fromkeys(ACTIONS, (Y, Y)),
    "reviewer": dict.fromkeys(ACTIONS, (Y, Y)),
    "lian_editor": {
        "view_task": (Y, N),
        "change_task": (Y, N),
        "view_report": (Y, N),
        "change_report": (Y, N),
        "add_report": (Y, Y),
    },
    "lian_window": {
        "view_task": (N, N),
        "change_task": (N, N),
        "view_report": (Y, N),  # the reports they recorded
        "change_report": (N, N),
        "add_report": (Y, Y),
    },
}
CASES = [
    (role, action, side) for role in EXPECTED for action in ACTIONS for side in ("own", "other")
]
PERMISSIONS = {
    "view_task": "feedback.view_rectification",
    "change_task": "feedback.change_rectification",
    "view_report": "feedback.view_problemreport",
    "change_report": "feedback.change_problemreport",
    "add_report": "feedback.add_problemreport",
}


def expected(role: str, action: str, side: str) -> bool:
    own, other = EXPECTED[role][action]
    return own if side == "own" else other


@pytest.fixture
def objects():
    made = {}
    guide = GuidePage.objects.get(code="469034-XK-004")
    for side, code in (("own", LIAN), ("other", YINGZHOU)):
        township = Region.objects.get(code=code)
        rating = Rating.objects.create(
            guide=guide, matter_code=guide.code, level=1, township=township, channel="api"
        )
        report = ProblemReport(
            description="x", township=township, channel="window", phone="13812345678"
        )
        report.recorded_by = staff("lian_window") if side == "own" else staff("county_admin")
        made[side] = {"task": tasks.rectification_for(rating), "report": receive(report)}
    return made


@pytest.mark.parametrize(("role", "action", "side"), CASES)
def test_the_rules(objects, role, action, side):
    user = staff(role)
    subject = None if action == "add_report" else objects[side][action.split("_")[1]]
    assert user.has_perm(PERMISSIONS[action], subject) is expected(role, action, side)


@pytest.mark.parametrize(
    ("role", "side"), [(role, side) for role in EXPECTED for side in ("own", "other")]
)
def test_the_admin_views_agree(objects, role, side):
    client = Client()
    client.force_login(staff(role))
    task: Rectification = objects[side]["task"]
    report: ProblemReport = objects[side]["report"]

    shown = client.get(f"/admin/feedback/tasks/{task.pk}/").status_code == 200
    assert shown is expected(role, "view_task", side)
    client.post(f"/admin/feedback/tasks/{task.pk}/", {"step": "start"})
    task.refresh_from_db()
    assert (task.state == "in_progress") is expected(role, "change_task", side)

    shown = client.get(f"/admin/feedback/reports/{report.pk}/").status_code == 200
    assert shown is expected(role, "view_report", side)
    client.post(f"/admin/feedback/reports/{report.pk}/", {"step": "inform", "explanation": "告知"})
    report.refresh_from_db()
    assert (report.state == "informed") is expected(role, "change_report", side)

    listing = client.get("/admin/feedback/tasks/?state=all")
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert (listing.status_code == 200) is EXPECTED[role]["view_task"][0]
    if listing.status_code == 200:
        listed = f"/admin/feedback/tasks/{task.pk}/" in listing.content.decode()
        assert listed is expected(role, "view_task", side)


def test_a_county_task_is_for_county_staff_only():
    guide = GuidePage.objects.get(code="469034-XK-004")
    rating = Rating.objects.create(guide=guide, matter_code=guide.code, level=2, channel="api")
    task = tasks.rectification_for(rating)
    assert task.township is None
    assert staff("county_admin").has_perm("feedback.change_rectification", task)
    assert staff("reviewer").has_perm("feedback.change_rectification", task)
    assert not staff("lian_editor").has_perm("feedback.view_rectification", task)
    assert not staff("yingzhou_editor").has_perm("feedback.view_rectification", task)


def test_citizens_and_anonymous_users_reach_no_admin_view(client, objects):
    for url in ("/admin/feedback/tasks/", "/admin/feedback/reports/", "/admin/feedback/figures/"):
        assert client.get(url).status_code == 302  # to the login
