"""Who may do what, as django-rules predicates (autodiscovered by ``rules.apps``).

Every view, template and API checks permissions through these, and the Wagtail admin's
permission policies call the same predicates, so the two never disagree.
"""

from __future__ import annotations

import rules

from guides.models.staff import StaffRole


def role_of(user) -> str | None:
    """The user's staff role; superusers count as county administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return StaffRole.COUNTY_ADMIN
    profile = getattr(user, "staff_profile", None)
    return profile.role if profile else None


def township_of(user):
    """The township a township-level user works for, else None."""
    profile = getattr(user, "staff_profile", None) if role_of(user) else None
    return profile.township if profile else None


@rules.predicate
def is_county_admin(user) -> bool:
    return role_of(user) == StaffRole.COUNTY_ADMIN


@rules.predicate
def is_county_reviewer(user) -> bool:
    return role_of(user) == StaffRole.COUNTY_REVIEWER


@rules.predicate
def is_township_admin(user) -> bool:
    return role_of(user) == StaffRole.TOWNSHIP_ADMIN


@rules.predicate
def is_township_editor(user) -> bool:
    return role_of(user) == StaffRole.TOWNSHIP_EDITOR


@rules.predicate
def is_window_staff(user) -> bool:
    return role_of(user) == StaffRole.WINDOW_STAFF


@rules.predicate
def is_staff_member(user) -> bool:
    return role_of(user) is not None


@rules.predicate
def is_township_admin_of(user, township) -> bool:
    """A township administrator acting on their own township (a Region)."""
    own = township_of(user)
    return bool(own and township is not None and is_township_admin(user) and own.pk == township.pk)


# Permissions other apps check with ``user.has_perm(name, obj)``:
#   edit_manifests   upload or change low-code plugin manifests (county administrators only)
#   manage_township  enable plugins and set their values for a township (the obj)
#   print_notice     print one-time notification forms in the admin (every staff role)
rules.add_perm("guides.edit_manifests", is_county_admin)
rules.add_perm("guides.manage_township", is_county_admin | is_township_admin_of)
rules.add_perm("guides.print_notice", is_staff_member)
