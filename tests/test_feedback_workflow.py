"""The state machines: rectification tasks and the 办不成事 loop, every transition and refusal;
working-day deadlines across a holiday; overdue escalation; the purge of phone numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback import rectification as tasks
from feedback import report_loop
from feedback.models import HandlingStep, ProblemReport, Rating, Rectification, mask_phone
from feedback.transitions import TransitionError
from guides.models import GuidePage, Region, ServicePoint
from guides.working_days import WorkingCalendar
from tests import builders
from tests.editorial_builders import LIAN, staff

pytestmark = pytest.mark.django_db

SHOP_LICENCE = "469034-XK-004"


def bad_rating(**fields) -> Rating:
    guide = GuidePage.objects.get(code=SHOP_LICENCE)
    values = {"guide": guide, "matter_code": guide.code, "level": 1, "channel": "api"}
    rating = Rating.objects.create(**{**values, **fields})
    return rating


def new_task() -> Rectification:
    return tasks.rectification_for(bad_rating(township=Region.objects.get(code=LIAN)))


def new_report(**fields) -> ProblemReport:
    values = {
        "description": "办个体户执照，窗口要求提供指南上没有的消防证明",
        "township": Region.objects.get(code=LIAN),
        "phone": "13812345678",
        "channel": "public",
        "guide": GuidePage.objects.get(code=SHOP_LICENCE),
    }
    return report_loop.receive(ProblemReport(**{**values, **fields}))


# -- working days ------------------------------------------------------------------------------


def test_fifteen_working_days_skip_the_national_day_holiday_and_count_the_weekend_worked():
    calendar = WorkingCalendar.of_county()
    monday = dt.date(2026, 9, 28)
    # Without holidays three weeks (10-19); 国庆 closes 10-01..10-07, Saturday 10-10 is worked.
    assert calendar.add(monday, 15) == dt.date(2026, 10, 23)
    assert calendar.is_working_day(dt.date(2026, 10, 10)) and calendar.is_working_day(
        dt.date(2026, 9, 20)
    )
    assert not calendar.is_working_day(dt.date(2026, 10, 5))
    assert not calendar.is_working_day(dt.date(2026, 10, 17)), "a plain Saturday"
    assert calendar.count(monday, dt.date(2026, 10, 23)) == 15
    assert tasks.due_date(monday) == dt.date(2026, 10, 23)


def test_a_closure_added_by_an_editor_moves_the_due_date():
    centre = ServicePoint.objects.get(kind="county_centre")
    monday = dt.date(2027, 3, 1)
    before = WorkingCalendar.of_county().add(monday, 15)
    builders.exception(centre, dt.date(2027, 3, 3), "台风停止办公", closed=True)
    assert WorkingCalendar.of_county().add(monday, 15) == before + dt.timedelta(days=1)


def test_the_centres_regular_saturday_opening_is_not_a_working_day():
    assert not WorkingCalendar.of_county().is_working_day(dt.date(2026, 11, 7))


# -- rectification -----------------------------------------------------------------------------


def test_only_a_bad_rating_opens_a_task():
    assert tasks.rectification_for(bad_rating(level=3)) is None
    assert tasks.rectification_for(bad_rating(level=2)) is not None


def test_a_task_goes_through_every_state_with_each_step_recorded():
    editor = staff("lian_editor")
    task = new_task()
    assert task.state == "pending"

    tasks.start(task, editor, "已联系窗口")
    assert task.state == "in_progress"
    tasks.resolve(task, editor, "指南补充了经营场所证明的说明；窗口人员已培训")
    assert task.state == "awaiting_callback" and task.resolved_at is not None
    tasks.call_back(task, editor, reached=True, result="群众表示满意")

    task.refresh_from_db()
    assert task.state == "closed" and task.callback_reached is True
    assert task.callback_result == "群众表示满意" and task.closed_at is not None
    steps = list(HandlingStep.objects.filter(rectification=task))
    assert [s.action for s in steps] == ["open", "start", "resolve", "call_back"]
    assert [s.state for s in steps] == ["pending", "in_progress", "awaiting_callback", "closed"]
    assert all(s.by == editor for s in steps[1:])
    assert not task.is_overdue()


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("in_progress", lambda t, u: tasks.start(t, u)),
        ("awaiting_callback", lambda t, u: tasks.start(t, u)),
        ("pending", lambda t, u: tasks.resolve(t, u, "改了")),
        ("closed", lambda t, u: tasks.resolve(t, u, "改了")),
        ("pending", lambda t, u: tasks.call_back(t, u, reached=True, result="好")),
        ("in_progress", lambda t, u: tasks.call_back(t, u, reached=False, result="未接")),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(state, step):
    task = new_task()
    Rectification.objects.filter(pk=task.pk).update(state=state)
    task.refresh_from_db()
    with pytest.raises(TransitionError):
        step(task, staff("lian_editor"))
    task.refresh_from_db()
    assert task.state == state
    assert HandlingStep.objects.filter(rectification=task).count() == 1


def test_resolving_and_calling_back_need_their_text():
    task = new_task()
    tasks.start(task, None)
    with pytest.raises(TransitionError):
        tasks.resolve(task, None, "  ")
    tasks.resolve(task, None, "改了")
    with pytest.raises(TransitionError):
        tasks.call_back(task, None, reached=False, result="")


def test_overdue_tasks_are_the_open_ones_past_their_due_date():
    late, on_time, closed_late = new_task(), new_task(), new_task()
    today = timezone.localdate()
    Rectification.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=1))
    Rectification.objects.filter(pk=closed_late.pk).update(
        state="closed", due_date=today - dt.timedelta(days=5), closed_at=timezone.now()
    )
    assert list(Rectification.objects.overdue()) == [late]
    closed_late.refresh_from_db()
    assert closed_late.is_overdue() and not on_time.is_overdue()


# -- 办不成事 ------------------------------------------------------------------------------------


def test_a_report_runs_the_whole_loop_with_escalation():
    editor, reviewer = staff("lian_editor"), staff("reviewer")
    report = new_report()
    assert report.state == "accepted" and report.reference.startswith("BJ")

    report_loop.inform(report, editor, "消防证明不属于本事项的申请材料，已请窗口受理")
    assert report.state == "informed" and report.handler == editor
    assignment = report_loop.assign(
        report, editor, "县市场监督管理局", timezone.localdate() + dt.timedelta(days=3)
    )
    assert report.state == "coordinating"

    report_loop.escalate_overdue(today=timezone.localdate() + dt.timedelta(days=2))
    report.refresh_from_db()
    assert report.state == "coordinating", "not yet past the deadline"
    escalated = report_loop.escalate_overdue(today=timezone.localdate() + dt.timedelta(days=4))
    report.refresh_from_db()
    assert escalated == [report] and report.state == "supervised"
    assert report.supervisor == reviewer
    # Supervision stays while more is coordinated.
    report_loop.assign(
        report, editor, "黎安镇人民政府", timezone.localdate() + dt.timedelta(days=2)
    )
    assert report.state == "supervised"

    with pytest.raises(TransitionError):
        report_loop.call_back(report, editor, reached=True, result="已办结")
    for each in report.assignments.all():
        report_loop.complete_assignment(each, editor, "已受理执照申请")
    with pytest.raises(TransitionError):
        report_loop.complete_assignment(assignment, editor, "again")
    report_loop.call_back(report, editor, reached=True, result="执照已办结，群众满意")

    report.refresh_from_db()
    assert report.state == "closed" and report.closed_at and report.callback_reached
    actions = [s.action for s in report.steps.all()]
    assert actions == [
        "accept",
        "inform",
        "assign",
        "supervise",
        "assign",
        "assignment_done",
        "assignment_done",
        "call_back",
    ]
    supervise = report.steps.get(action="supervise")
    assert supervise.by is None and "县市场监督管理局" in supervise.note


def test_a_report_told_what_can_be_done_may_close_without_coordination():
    report = new_report()
    report_loop.inform(report, None, "可在任一乡镇便民服务中心办理")
    report_loop.call_back(report, None, reached=False, result="两次未接通，短信告知")
    assert report.state == "closed" and report.callback_reached is False


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("informed", lambda r, u: report_loop.inform(r, u, "再说一次")),
        ("accepted", lambda r, u: report_loop.assign(r, u, "县民政局", dt.date(2099, 1, 1))),
        ("accepted", lambda r, u: report_loop.call_back(r, u, reached=True, result="好")),
        ("closed", lambda r, u: report_loop.assign(r, u, "县民政局", dt.date(2099, 1, 1))),
        ("closed", lambda r, u: report_loop.take(r, u)),
        ("closed", lambda r, u: report_loop.record_gap(r, u, "missing_material", "x")),
        ("informed", lambda r, u: report_loop.assign(r, u, "县民政局", timezone.localdate())),
        ("informed", lambda r, u: report_loop.assign(r, u, " ", dt.date(2099, 1, 1))),
        ("accepted", lambda r, u: report_loop.inform(r, u, "")),
    ],
)
def test_a_report_step_from_the_wrong_state_or_without_its_text_is_refused(state, step):
    report = new_report()
    ProblemReport.objects.filter(pk=report.pk).update(state=state)
    report.refresh_from_db()
    with pytest.raises(TransitionError):
        step(report, staff("lian_editor"))
    report.refresh_from_db()
    assert report.state == state and report.steps.count() == 1


def test_a_gap_in_the_guide_opens_a_change_for_its_editors():
    report = new_report()
    task = report_loop.record_gap(report, staff("lian_editor"), "missing_material", "消防证明")

    assert task.report == report and task.guide.code == SHOP_LICENCE
    assert task.township is None, "a county-wide guide is the county editors' to change"
    assert "指南未列的材料" in task.reason and task.state == "pending"
    report.refresh_from_db()
    assert report.gap_kind == "missing_material"
    with pytest.raises(TransitionError):
        report_loop.record_gap(report, None, "other", "again")
    with pytest.raises(TransitionError):
        report_loop.record_gap(new_report(guide=None), None, "other", "x")
    with pytest.raises(TransitionError):
        report_loop.record_gap(new_report(), None, "unknown", "x")


def test_only_the_handler_sees_the_phone_in_full():
    report = new_report()
    editor, other = staff("lian_editor"), staff("county_admin")
    assert report.phone_for(editor) == "138****5678"
    report_loop.take(report, editor)
    assert report.phone_for(editor) == "13812345678"
    assert report.phone_for(other) == "138****5678"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0898-83312345", "089******2345"),
        ("12345", "***45"),
        ("", ""),
    ],
)
def test_phone_masking(phone, masked):
    assert mask_phone(phone) == masked


def test_the_escalation_command_reports_what_it_did():
    report = new_report()
    report_loop.inform(report, None, "告知")
    report_loop.assign(report, None, "县民政局", timezone.localdate() + dt.timedelta(days=1))
    report.assignments.update(deadline=timezone.localdate() - dt.timedelta(days=1))
    from io import StringIO

    out = StringIO()
    call_command("escalate_feedback", stdout=out)
    assert report.reference in out.getvalue()
    report.refresh_from_db()
    assert report.state == "supervised"


def test_phone_numbers_are_purged_after_the_retention_period(settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    old_report, fresh_report = new_report(), new_report()
    old_rating = bad_rating(phone="13900001111")
    fresh_rating = bad_rating(phone="13900002222")
    long_ago = timezone.now() - dt.timedelta(days=31)
    ProblemReport.objects.filter(pk=old_report.pk).update(received_at=long_ago)
    Rating.objects.filter(pk=old_rating.pk).update(created_at=long_ago)

    call_command("purge_feedback", verbosity=0)

    for each in (old_report, fresh_report, old_rating, fresh_rating):
        each.refresh_from_db()
    assert old_report.phone == "" and old_report.purged_at is not None
    assert old_report.description, "the report itself stays"
    assert old_rating.phone == "" and old_rating.level == 1
    assert fresh_report.phone == "13812345678" and fresh_rating.phone == "13900002222"
