"""The editorial roles as Wagtail groups, page permissions and the review workflow.

``StaffProfile`` is the source of truth: saving a profile puts its user in the groups of the
role (``sync_groups``), and ``set_up_editorial`` (run by ``manage.py setup_editorial`` and by
``load_demo``) creates the groups, one section of the page tree per township with its editors'
page permissions, and the review workflow. Running it again changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from guides.models import GuideIndexPage, Region, StaffProfile, StaffRole, TownshipSection
from guides.models.staff import TOWNSHIP_ROLES

COUNTY_ADMINS = "县级管理员"
REVIEWERS = "县级审核员"
WINDOW_STAFF = "窗口工作人员"
WORKFLOW = "县级审核发布"
REVIEW_TASK = "县级审核员审核"

ADMIN_ACCESS = ("wagtailadmin.access_admin",)
READ_ONLY = (
    "guides.view_servicepoint",
    "guides.view_region",
    "guides.view_theme",
    "guides.view_offer",
)
TOWNSHIP_MODEL_PERMS = (
    *READ_ONLY,
    "guides.add_servicepoint",
    "guides.change_servicepoint",
    "guides.delete_servicepoint",
    "guides.change_offer",
)
ALL_PAGE_PERMS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
# Township staff add and edit their local guides but cannot publish: they submit for review.
TOWNSHIP_PAGE_PERMS = ("add", "change", "lock")
REVIEWER_PAGE_PERMS = ("publish", "lock", "unlock")


def township_group_name(township: Region) -> str:
    return f"乡镇编辑 · {township.name}"


def permissions(names: tuple[str, ...]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def page_permission(codename: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{codename}_page"
    )


def group(name: str, model_perms: tuple[str, ...], pages: dict[Page, tuple[str, ...]]) -> Group:
    """A group with exactly these model permissions and page permissions."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(permissions((*ADMIN_ACCESS, *model_perms)))
    wanted = {(page.pk, page_permission(c).pk) for page, codes in pages.items() for c in codes}
    rows = GroupPagePermission.objects.filter(group=group)
    existing = set(rows.values_list("page_id", "permission_id"))
    for page_id, permission_id in existing - wanted:
        rows.filter(page_id=page_id, permission_id=permission_id).delete()
    for page_id, permission_id in wanted - existing:
        GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        )
    return group


def township_section(catalogue: GuideIndexPage, township: Region) -> TownshipSection:
    section = TownshipSection.objects.filter(township=township).first()
    if section is None:
        # Not live: a folder of the admin, never listed by the API, search or sitemaps.
        section = TownshipSection(
            title=township.name,
            slug=TownshipSection.slug_for(township),
            township=township,
            live=False,
        )
        catalogue.add_child(instance=section)
    return section


def review_workflow(catalogue: GuideIndexPage, reviewers: Group) -> Workflow:
    """Draft → a county reviewer approves (or asks for changes) → published."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.set([reviewers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def set_up_editorial() -> dict[str, int]:
    """Groups, township sections, page permissions and the workflow; idempotent."""
    catalogue = GuideIndexPage.objects.get()
    root = Page.get_first_root_node()
    every_model_perm = tuple(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    )
    group(COUNTY_ADMINS, every_model_perm, {root: ALL_PAGE_PERMS})
    reviewers = group(REVIEWERS, READ_ONLY, {catalogue: REVIEWER_PAGE_PERMS})
    group(WINDOW_STAFF, READ_ONLY, {})
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP, parent__isnull=False)
    for township in townships:
        section = township_section(catalogue, township)
        group(township_group_name(township), TOWNSHIP_MODEL_PERMS, {section: TOWNSHIP_PAGE_PERMS})
    review_workflow(catalogue, reviewers)
    for profile in StaffProfile.objects.select_related("user", "township"):
        sync_groups(profile)
    return {"township sections": townships.count()}


def groups_for(profile: StaffProfile) -> list[str]:
    if profile.role == StaffRole.COUNTY_ADMIN:
        return [COUNTY_ADMINS]
    if profile.role == StaffRole.COUNTY_REVIEWER:
        return [REVIEWERS]
    if profile.role == StaffRole.WINDOW_STAFF:
        return [WINDOW_STAFF]
    if profile.role in TOWNSHIP_ROLES and profile.township is not None:
        return [township_group_name(profile.township)]
    return []


def sync_groups(profile: StaffProfile) -> None:
    """Put the user in exactly the editorial groups of their role (other groups are kept)."""
    editorial = Group.objects.filter(name__in=[COUNTY_ADMINS, REVIEWERS, WINDOW_STAFF]) | (
        Group.objects.filter(name__startswith="乡镇编辑 · ")
    )
    user = profile.user
    user.groups.remove(*editorial.exclude(name__in=groups_for(profile)))
    user.groups.add(*Group.objects.filter(name__in=groups_for(profile)))


def profile_saved(sender, instance: StaffProfile, **kwargs) -> None:
    sync_groups(instance)
