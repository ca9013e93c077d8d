"""Review before publishing: a township editor submits, a county reviewer approves or rejects;
publish checks, scheduled publishing, revision comparison, rollback and history in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, querydict_from_html

from guides.models import GuidePage, Offer
from tests import builders
from tests.editorial_builders import LIAN, hall_offer, local_guide, staff

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    client.force_login(staff(username))
    return client


def edit_form(client: Client, page: GuidePage) -> tuple[str, dict]:
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["is_free"] = "on"  # querydict_from_html drops checked checkboxes
    return url, data


def fresh(page: GuidePage) -> GuidePage:
    return GuidePage.objects.get(pk=page.pk)


def act(client: Client, page: GuidePage, action: str, comment: str = ""):
    """A reviewer's workflow action on the page's current task, as the dashboard posts it."""
    state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


@pytest.fixture
def guide():
    return local_guide(LIAN, "469034108-QT-801", title="渔排登记")


def test_township_editor_submits_and_a_reviewer_approves(guide):
    editor = login("lian_editor")
    url, data = edit_form(editor, guide)
    data["title"] = "黎安港渔排养殖登记"
    data["action-submit"] = "action-submit"
    assert editor.post(url, data).status_code == 302

    submitted = fresh(guide)
    assert submitted.workflow_in_progress
    assert submitted.title == "渔排登记"  # still the live version
    assert editor.get(guide.url).content.decode().count("黎安港渔排养殖登记") == 0

    response = act(login("reviewer"), guide, "approve", comment="核对无误")
    assert response.status_code == 302
    approved = fresh(guide)
    assert approved.title == "黎安港渔排养殖登记" and approved.live
    assert not approved.workflow_in_progress
    assert "黎安港渔排养殖登记" in Client().get(guide.url).content.decode()


def test_a_reviewer_rejects_with_a_comment_and_nothing_goes_live(guide):
    editor = login("lian_editor")
    url, data = edit_form(editor, guide)
    data["title"] = "错误的标题"
    data["action-submit"] = "action-submit"
    editor.post(url, data)

    act(login("reviewer"), guide, "reject", comment="标题不规范")
    state = fresh(guide).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "标题不规范"
    assert fresh(guide).title == "渔排登记"


def test_a_township_editor_cannot_publish_directly(guide):
    editor = login("lian_editor")
    url, data = edit_form(editor, guide)
    data["title"] = "直接发布"
    data["action-publish"] = "action-publish"
    editor.post(url, data)
    assert fresh(guide).title == "渔排登记"


def test_an_offer_change_goes_through_review():
    offer = hall_offer(LIAN)
    editor = login("lian_editor")
    edit_url = reverse("township_offers:edit", args=[offer.pk])
    data = querydict_from_html(editor.get(edit_url).content.decode(), form_id="w-editor-form")
    data["local_notes"] = "每周四下午到村代办"
    assert editor.post(edit_url, data).status_code == 302
    assert Offer.objects.get(pk=offer.pk).local_notes != "每周四下午到村代办"

    act(login("reviewer"), offer.guide, "approve")
    assert Offer.objects.get(pk=offer.pk).local_notes == "每周四下午到村代办"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"materials": inline_formset([], initial=1)}, "no_materials"),
        ({"promised_days": ""}, "promised_days"),
        ({"offers": inline_formset([], initial=1), "online_url": ""}, "online_url"),
    ],
)
def test_publish_checks_name_what_is_missing(guide, change, field):
    admin = login("county_admin")
    url, data = edit_form(admin, guide)
    for name, value in change.items():
        if isinstance(value, dict):  # an emptied inline formset: mark every row deleted
            prefix = name
            for key in list(data):
                if key.startswith(f"{prefix}-") and key.endswith("-id"):
                    data[key.removesuffix("-id") + "-DELETE"] = "1"
        else:
            data[name] = value
    data["case_type"] = "promised" if field != "promised_days" else "immediate"
    data["action-publish"] = "action-publish"
    response = admin.post(url, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert fresh(guide).has_unpublished_changes is False

    # The same edit saved as a draft is kept: nothing the editor typed is lost.
    del data["action-publish"]
    assert admin.post(url, data).status_code == 302
    assert fresh(guide).has_unpublished_changes


def test_no_materials_ticked_lets_a_guide_without_materials_go_live(guide):
    admin = login("county_admin")
    url, data = edit_form(admin, guide)
    for key in list(data):
        if key.startswith("materials-") and key.endswith("-id"):
            data[key.removesuffix("-id") + "-DELETE"] = "1"
    data["no_materials"] = "on"
    data["action-publish"] = "action-publish"
    assert admin.post(url, data).status_code == 302
    assert fresh(guide).materials.count() == 0


def test_scheduled_publishing(guide):
    admin = login("county_admin")
    url, data = edit_form(admin, guide)
    data["title"] = "定时发布的标题"
    go_live = timezone.localtime() + dt.timedelta(days=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "action-publish"
    assert admin.post(url, data).status_code == 302
    assert fresh(guide).title == "渔排登记"
    revision = Revision.page_revisions.get(
        object_id=str(guide.pk), approved_go_live_at__isnull=False
    )
    # Time passes: the scheduled moment is now in the past.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert fresh(guide).title == "定时发布的标题"


def test_compare_revisions_and_roll_back(guide):
    admin = login("county_admin")
    first = fresh(guide).live_revision
    url, data = edit_form(admin, guide)
    data["title"] = "第二版标题"
    data["action-publish"] = "action-publish"
    admin.post(url, data)
    second = fresh(guide).live_revision
    assert second != first

    compare = admin.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[guide.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "渔排登记" in html and "第二版标题" in html

    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[guide.pk, first.pk])
    revert = admin.get(revert_url)
    assert revert.status_code == 200
    data = querydict_from_html(revert.content.decode(), form_id="page-edit-form")
    assert data["title"] == "渔排登记"
    data["is_free"] = "on"
    data["action-publish"] = "action-publish"
    assert admin.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data).status_code == 302
    assert fresh(guide).title == "渔排登记"


def test_history_of_guides_and_service_points_is_in_the_admin(guide):
    editor = login("lian_editor")
    point = builders.service_point(builders.township(LIAN), name="黎安镇测试服务站")
    edit_url = reverse("wagtailsnippets_guides_servicepoint:edit", args=[point.pk])
    data = querydict_from_html(editor.get(edit_url).content.decode(), form_id="w-editor-form")
    data["transport"] = "乘坐黎安线公交到黎安墟站"
    assert editor.post(edit_url, data).status_code == 302

    admin = login("county_admin")
    history = admin.get(reverse("wagtailsnippets_guides_servicepoint:history", args=[point.pk]))
    assert history.status_code == 200
    assert "lian_editor" in history.content.decode()

    url, data = edit_form(editor, guide)
    data["action-submit"] = "action-submit"
    editor.post(url, data)
    page_history = admin.get(reverse("wagtailadmin_pages:history", args=[guide.pk]))
    assert page_history.status_code == 200
    assert "lian_editor" in page_history.content.decode()


def test_bulk_publishing_runs_the_publish_checks(guide):
    draft = fresh(guide).get_latest_revision_as_object()
    draft.materials = []
    draft.save_revision()
    complete = local_guide(LIAN, "469034108-QT-802", publish=False)
    admin = login("county_admin")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    admin.post(f"{url}?id={guide.pk}&id={complete.pk}")
    assert fresh(guide).has_unpublished_changes and fresh(guide).materials.count() == 1
    assert not fresh(complete).live

    admin.post(f"{url}?id={complete.pk}")
    assert fresh(complete).live
