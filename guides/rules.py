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


rules.add_rule("guides.is_county_admin", is_county_admin)
rules.add_rule("guides.manage_township", is_county_admin | is_township_admin_of)
