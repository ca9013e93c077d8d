"""The permission matrix: every role × action × own / other township, by rules and in the admin.

The demo staff (``editorial.demo``) are a county administrator, a county reviewer, a township
editor of 黎安镇 and window staff; "own" objects are 黎安镇's, "other" objects 英州镇's. Each
expected answer is asserted twice: by the django-rules permission every custom view and API
checks, and by what the real Wagtail admin views let the user do.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from catalogue.files import write_rows
from guides.models import GuidePage, Offer, Region, ServicePoint, StaffProfile
from tests import builders
from tests.editorial_builders import LIAN, YINGZHOU, hall_offer, local_guide, staff
from tests.test_catalogue_import import new_row

pytestmark = pytest.mark.django_db

Y, N = True, False
ACTIONS = ("view", "edit", "publish", "delete", "import", "print")
# role: action: (own township, other township)
EXPECTED = {
    "county_admin": dict.fromkeys(ACTIONS, (Y, Y)),
    "reviewer": {
        "view": (Y, Y),
        "edit": (N, N),
        "publish": (Y, Y),
        "delete": (N, N),
        "import": (N, N),
        "print": (Y, Y),
    },
    "lian_editor": {
        "view": (Y, N),
        "edit": (Y, N),
        "publish": (N, N),
        "delete": (Y, N),  # an unpublished guide, a service point
        "import": (Y, N),
        "print": (Y, Y),
    },
    "lian_window": {
        "view": (Y, Y),
        "edit": (N, N),
        "publish": (N, N),
        "delete": (N, N),
        "import": (N, N),
        "print": (Y, Y),
    },
}
CASES = [(role, side) for role in EXPECTED for side in ("own", "other")]


def expected(role: str, action: str, side: str) -> bool:
    own, other = EXPECTED[role][action]
    return own if side == "own" else other


def township_code(side: str) -> str:
    return LIAN if side == "own" else YINGZHOU


@pytest.fixture
def objects():
    """A published and an unpublished local guide, a new service point and a hall offer each."""
    made = {}
    for side, code in (("own", "469034108-QT-901"), ("other", "469034103-QT-901")):
        township = township_code(side)
        region = Region.objects.get(code=township)
        made[side] = {
            "guide": local_guide(township, code),
            "draft": local_guide(township, code + "D", publish=False),
            "point": builders.service_point(region, name=f"{region.name}测试服务站"),
            "offer": hall_offer(township),
            "township": region,
        }
    return made


def login(role: str) -> Client:
    client = Client()
    client.force_login(staff(role))
    return client


@pytest.mark.parametrize(("role", "side"), CASES)
def test_rules(role, side, objects):
    user = staff(role)
    mine = objects[side]
    answers = {
        "view": [
            user.has_perm("guides.view_guidepage", mine["guide"]),
            user.has_perm("guides.view_servicepoint", mine["point"]),
            user.has_perm("guides.view_offer", mine["offer"]),
        ],
        "edit": [
            user.has_perm("guides.change_guidepage", mine["guide"]),
            user.has_perm("guides.change_servicepoint", mine["point"]),
            user.has_perm("guides.change_offer", mine["offer"]),
        ],
        "publish": [user.has_perm("guides.publish_guidepage", mine["guide"])],
        "delete": [
            user.has_perm("guides.delete_guidepage", mine["draft"]),
            user.has_perm("guides.delete_servicepoint", mine["point"]),
        ],
        "import": [user.has_perm("catalogue.import_catalogue", mine["township"])],
        "print": [user.has_perm("notices.print_notice")],
    }
    for action, got in answers.items():
        assert got == [expected(role, action, side)] * len(got), (role, action, side)
    # Nobody but a county administrator imports the whole county at once.
    assert user.has_perm("catalogue.import_catalogue", None) == (role == "county_admin")
    # No one may delete a live guide but a county administrator.
    assert user.has_perm("guides.delete_guidepage", mine["guide"]) == (role == "county_admin")


@pytest.mark.parametrize(("role", "side"), CASES)
def test_wagtail_page_permissions_agree_with_the_rules(role, side, objects):
    user = staff(role)
    mine = objects[side]
    guide, draft = mine["guide"], mine["draft"]
    tester = guide.permissions_for_user(user)
    assert tester.can_edit() == user.has_perm("guides.change_guidepage", guide)
    assert tester.can_publish() == user.has_perm("guides.publish_guidepage", guide)
    assert draft.permissions_for_user(user).can_delete() == user.has_perm(
        "guides.delete_guidepage", draft
    )
    assert tester.can_delete() == user.has_perm("guides.delete_guidepage", guide)


def latest(page: Page) -> Page:
    """The page as its latest revision has it (a draft or what is live)."""
    return type(page).objects.get(pk=page.pk).get_latest_revision().as_object()


def edit_page_form(client: Client, page: Page) -> tuple[str, dict]:
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["is_free"] = "on"  # querydict_from_html drops checked checkboxes
    return url, data


@pytest.mark.parametrize(("role", "side"), CASES)
def test_admin_guide_pages(role, side, objects):
    client = login(role)
    mine = objects[side]
    guide, draft = mine["guide"], mine["draft"]

    # view: the guide is listed in the explorer of its township's section, or, for window
    # staff (Wagtail has no read-only page permission), in the read-only guides
    explore = client.get(reverse("wagtailadmin_explore", args=[guide.get_parent().pk]))
    explored = explore.status_code == 200 and guide.title in explore.content.decode()
    reading = client.get(reverse("guide_reading:index"), {"q": guide.code})
    read = reading.status_code == 200 and guide.title in reading.content.decode()
    assert (explored or read) == expected(role, "view", side)
    assert read == (role == "lian_window")
    details = client.get(reverse("guide_reading:inspect", args=[guide.pk]))
    assert (details.status_code == 200) == (role == "lian_window")
    if role == "lian_window":
        assert guide.code in details.content.decode()
        assert reverse("wagtailadmin_pages:edit", args=[guide.pk]) not in details.content.decode()

    # edit: save a draft of a new title
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    if expected(role, "edit", side):
        url, data = edit_page_form(client, guide)
        data["title"] = "改过的标题"
        response = client.post(url, data)
        assert response.status_code == 302
        assert latest(guide).title == "改过的标题"
    else:
        assert client.get(edit_url).status_code in (302, 403)
        client.post(edit_url, {"title": "改过的标题"})
        assert latest(guide).title != "改过的标题"

    # publish: the publish action of the edit view
    if expected(role, "edit", side):
        url, data = edit_page_form(client, guide)
        data["title"] = "发布的标题"
        data["action-publish"] = "action-publish"
        client.post(url, data)
        live = GuidePage.objects.get(pk=guide.pk)
        assert (live.title == "发布的标题") == expected(role, "publish", side)
    elif expected(role, "publish", side):
        # a reviewer publishes what is submitted (tests/test_editorial_workflow.py) and may
        # unpublish
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[guide.pk]))
        assert response.status_code == 302
        assert not GuidePage.objects.get(pk=guide.pk).live
    else:
        client.post(reverse("wagtailadmin_pages:unpublish", args=[guide.pk]))
        assert GuidePage.objects.get(pk=guide.pk).live

    # delete: an unpublished guide
    client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert GuidePage.objects.filter(pk=draft.pk).exists() != expected(role, "delete", side)


@pytest.mark.parametrize(("role", "side"), CASES)
def test_admin_service_points(role, side, objects):
    client = login(role)
    point = objects[side]["point"]

    listing = client.get(
        reverse("wagtailsnippets_guides_servicepoint:list"), {"kind": "township_hall"}
    )
    assert listing.status_code == 200
    assert (point.name in listing.content.decode()) == expected(role, "view", side)
    for view in ("history", "usage"):
        page = client.get(reverse(f"wagtailsnippets_guides_servicepoint:{view}", args=[point.pk]))
        assert (page.status_code == 200) == expected(role, "view", side), view

    edit_url = reverse("wagtailsnippets_guides_servicepoint:edit", args=[point.pk])
    form = client.get(edit_url)
    if expected(role, "edit", side):
        assert form.status_code == 200
        data = querydict_from_html(form.content.decode(), form_id="w-editor-form")
        data["phone"] = "0898-80000000"
        assert client.post(edit_url, data).status_code == 302
    else:
        assert form.status_code in (302, 403)
        client.post(edit_url, {"name": point.name, "phone": "0898-80000000"})
    changed = ServicePoint.objects.get(pk=point.pk).phone == "0898-80000000"
    assert changed == expected(role, "edit", side)

    bulk = (
        reverse("wagtail_bulk_action", args=["guides", "servicepoint", "delete"])
        + f"?id={point.pk}"
    )
    response = client.post(bulk)
    assert response.status_code in (302, 403)
    assert ServicePoint.objects.filter(pk=point.pk).exists() != expected(role, "delete", side)


@pytest.mark.parametrize(("role", "side"), CASES)
def test_admin_township_offers(role, side, objects):
    client = login(role)
    offer = objects[side]["offer"]
    listing = client.get(
        reverse("township_offers:index"), {"service_point": offer.service_point_id}
    )
    visible = (
        listing.status_code == 200
        and reverse("township_offers:edit", args=[offer.pk]) in listing.content.decode()
    )
    assert visible == expected(role, "edit", side)
    for view in ("history", "usage"):
        page = client.get(reverse(f"township_offers:{view}", args=[offer.pk]))
        assert (page.status_code == 200) == expected(role, "view", side), view

    edit_url = reverse("township_offers:edit", args=[offer.pk])
    form = client.get(edit_url)
    if expected(role, "edit", side):
        assert form.status_code == 200
        data = querydict_from_html(form.content.decode(), form_id="w-editor-form")
        data["local_notes"] = "周四下午暂停受理"
        assert client.post(edit_url, data).status_code == 302
        notes = {row.pk: row.local_notes for row in latest(offer.guide).offers.all()}
        assert notes[offer.pk] == "周四下午暂停受理"
    else:
        assert form.status_code in (302, 403)
        client.post(edit_url, {"local_notes": "周四下午暂停受理"})
        assert all(
            row.local_notes != "周四下午暂停受理" for row in latest(offer.guide).offers.all()
        )
    # The live offer changes only when published: at once for whoever may publish the guide.
    live = Offer.objects.get(pk=offer.pk).local_notes == "周四下午暂停受理"
    assert live == (role == "county_admin")


@pytest.mark.parametrize(("role", "side"), CASES)
def test_admin_print_and_import(role, side, objects):
    client = login(role)
    # print: the admin's print form (notices/), for every staff role
    printing = client.get(reverse("notices_print"))
    assert (printing.status_code == 200) == expected(role, "print", side)

    # import: a local guide of the township, through the admin's dry run and apply
    code = f"{township_code(side)[:9]}-QT-900"
    content = write_rows([new_row(code, township=township_code(side))], "csv")
    client.post(reverse("catalogue_import"), {"file": SimpleUploadedFile("c.csv", content)})
    client.post(reverse("catalogue_import"), {"apply": "1"})
    assert GuidePage.objects.filter(code=code).exists() == expected(role, "import", side)


def test_staff_roles_are_set_in_the_admin_by_county_administrators_only():
    user = get_user_model().objects.create_user("new_editor", password="x")
    url = reverse("staff_roles:add")
    data = {"user": user.pk, "role": "township_editor", "township": township_pk(LIAN)}
    assert login("lian_editor").post(url, data).status_code == 302  # refused: to the dashboard
    assert not StaffProfile.objects.filter(user=user).exists()

    assert login("county_admin").post(url, data).status_code == 302
    assert StaffProfile.objects.get(user=user).township.code == LIAN
    assert list(user.groups.values_list("name", flat=True)) == ["乡镇编辑 · 黎安镇"]
    guide = local_guide(LIAN, "469034108-QT-902")
    assert guide.permissions_for_user(user).can_edit()


def township_pk(code: str) -> int:
    return Region.objects.get(code=code).pk


# Reads: a township's unpublished content (drafts, their revisions and previews, the edits in
# the history) only to its own staff and the county roles. Window staff read published guides
# in their reading view and print forms; they neither export nor see drafts.
READS = {
    "county_admin": (Y, Y),
    "reviewer": (Y, Y),
    "lian_editor": (Y, N),
    "lian_window": (N, N),
}


def reads(role: str, side: str) -> bool:
    own, other = READS[role]
    return own if side == "own" else other


def allowed(response) -> bool:
    """The admin answered with the content (not a 403, a redirect away, or a 404)."""
    return response.status_code == 200


@pytest.mark.parametrize(("role", "side"), CASES)
def test_catalogue_export_reads_drafts_of_own_township_only(role, side, objects):
    township = objects[side]["township"]
    response = login(role).get(
        reverse("catalogue_export"), {"format": "json", "township": township.pk}
    )
    assert allowed(response) == reads(role, side)
    if allowed(response):
        assert objects[side]["draft"].code in response.content.decode()


@pytest.mark.parametrize("role", list(READS))
def test_the_whole_county_export_is_for_county_roles(role, objects):
    response = login(role).get(reverse("catalogue_export"), {"format": "json", "township": ""})
    if role in ("county_admin", "reviewer"):
        assert allowed(response)
        assert objects["other"]["draft"].code in response.content.decode()
    elif role == "lian_editor":  # their own township's file, never another's drafts
        assert allowed(response)
        body = response.content.decode()
        assert objects["own"]["draft"].code in body
        assert objects["other"]["draft"].code not in body
    else:
        assert not allowed(response)  # the admin's refusal: a redirect to the dashboard


def secret_draft(objects, side: str) -> tuple[GuidePage, str]:
    """The side's unpublished guide with a title found nowhere else."""
    draft = objects[side]["draft"]
    draft.title = f"未发布草稿{draft.code}"
    draft.save_revision(user=staff("county_admin"))
    return GuidePage.objects.get(pk=draft.pk), draft.title


@pytest.mark.parametrize(("role", "side"), CASES)
def test_drafts_revisions_previews_and_history_of_pages(role, side, objects):
    draft, title = secret_draft(objects, side)
    client = login(role)
    must_show = [f"/admin/pages/{draft.pk}/revisions/{draft.latest_revision_id}/view/"]
    # Wagtail shows a page's history and editor to those who may edit it (not the reviewer).
    may_show = [
        f"/admin/pages/{draft.pk}/history/",
        f"/admin/pages/{draft.pk}/edit/preview/",
        f"/admin/pages/{draft.pk}/edit/",
    ]
    for url in must_show + may_show:
        response = client.get(url)
        assert response.status_code < 500, url
        shown = allowed(response) and title in response.content.decode()
        if url in must_show:
            assert shown == reads(role, side), (url, response.status_code)
        else:
            assert shown <= reads(role, side), url


@pytest.mark.parametrize(("role", "side"), CASES)
def test_site_history_shows_a_townships_edits_to_its_own_staff(role, side, objects):
    """The probe's case: 黎安镇's editor read 英州镇's service point edits here."""
    from wagtail.log_actions import log

    point = objects[side]["point"]
    point.name = f"{point.name}（改）"
    point.save()
    log(point, "wagtail.edit", user=staff("county_admin"))
    _draft, title = secret_draft(objects, side)
    client = login(role)
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        response = client.get(url)
        assert response.status_code < 500, url
        html = response.content.decode() if allowed(response) else ""
        assert (point.name in html) <= reads(role, side), url
        assert (title in html) <= reads(role, side), url
        if role != "lian_window":  # window staff are refused the report or see nothing in it
            assert (point.name in html) == reads(role, side), (url, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/pages/search/?q=未发布草稿",
    ],
)
def test_other_reports_do_not_show_another_townships_drafts(url, objects):
    draft, title = secret_draft(objects, "other")
    draft.save_revision(user=staff("yingzhou_editor"))
    response = login("lian_editor").get(url)
    assert response.status_code < 500
    assert title not in response.content.decode()
