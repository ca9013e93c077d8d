"""Demo staff: one user per role, with township administrators and editors of 黎安镇 and 英州镇
(password ``demo``; docs/editors.md lists what each may do)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from editorial.roles import set_up_editorial
from guides.models import (
    Region,
    ServicePoint,
    StaffProfile,
    StaffRole,
)

LIAN = "469034108000"  # 黎安镇
YINGZHOU = "469034103000"  # 英州镇
PASSWORD = "demo"

# username, role, township code, hall (window staff)
STAFF = (
    ("county_admin", StaffRole.COUNTY_ADMIN, None, None),
    ("reviewer", StaffRole.COUNTY_REVIEWER, None, None),
    ("lian_admin", StaffRole.TOWNSHIP_ADMIN, LIAN, None),
    ("lian_editor", StaffRole.TOWNSHIP_EDITOR, LIAN, None),
    ("yingzhou_admin", StaffRole.TOWNSHIP_ADMIN, YINGZHOU, None),
    ("yingzhou_editor", StaffRole.TOWNSHIP_EDITOR, YINGZHOU, None),
    ("lian_window", StaffRole.WINDOW_STAFF, None, "黎安镇便民服务中心"),
)


def add_demo_editors(sender, counts: dict[str, int], reset: bool = False, **kwargs) -> None:
    """Receiver of ``guides.signals.demo_loaded``: adds the staff who are missing; a user who
    exists keeps their role (an administrator may have changed it) unless ``reset``."""
    set_up_editorial()
    for username, role, township, hall in STAFF:
        add_staff(username, role, township, hall, reset)
    counts["staff users"] = StaffProfile.objects.count()


def add_staff(
    username: str, role: str, township: str | None, hall: str | None, reset: bool = False
) -> None:
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(PASSWORD)
        user.save()
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is not None and not reset:
        return
    profile = profile or StaffProfile(user=user)
    profile.role = role
    profile.township = Region.objects.get(code=township) if township else None
    profile.service_point = ServicePoint.objects.get(name=hall) if hall else None
    profile.full_clean()
    profile.save()
