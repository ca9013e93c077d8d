"""Who may do what, as django-rules predicates (autodiscovered by ``rules.apps``).

Every view, template and API checks permissions through these, and the Wagtail admin's
permission policies call the same predicates, so the two never disagree. The role predicates
live here; each app declares its own permissions from them in its own ``rules.py``
(``plugins.edit_manifests``, ``notices.print_notice``, ``catalogue.import_catalogue`` …).
"""

from __future__ import annotations

import rules

from guides.models import GuidePage, Offer, Region, ServicePoint, TownshipSection
from guides.models.staff import TOWNSHIP_ROLES, StaffRole


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


@rules.predicate
def is_township_staff(user) -> bool:
    """A township administrator or editor: works on one township's content."""
    return role_of(user) in TOWNSHIP_ROLES


def township_of_object(obj):
    """The township an object of the catalogue belongs to, or None for county-level ones.

    A local guide belongs to the township of its section of the page tree, an offer to the
    township of its service point, a service point to the township of its region.
    """
    if isinstance(obj, Region):
        return obj.township
    if isinstance(obj, TownshipSection):
        return obj.township
    if isinstance(obj, GuidePage):
        return obj.township
    if isinstance(obj, Offer):
        return obj.service_point.township
    if isinstance(obj, ServicePoint):
        return obj.township
    return None


@rules.predicate
def in_own_township(user, obj) -> bool:
    """The object belongs to the user's township; with no object, the user has a township."""
    own = township_of(user)
    if own is None:
        return False
    if obj is None:
        return True
    township = township_of_object(obj)
    return township is not None and township.pk == own.pk


@rules.predicate
def works_for_township(user, township) -> bool:
    """Township staff acting for their own township (a Region); None is the whole county."""
    own = township_of(user)
    return bool(own and township is not None and is_township_staff(user) and own.pk == township.pk)


@rules.predicate
def is_unpublished(user, obj) -> bool:
    return obj is None or not getattr(obj, "live", False)


# The township's own content: county administrators everywhere, township staff at home.
edits_content = is_county_admin | (is_township_staff & in_own_township)
# County staff and window staff read everything in the admin; township staff their own township.
reads_content = (is_staff_member & ~is_township_staff) | (is_township_staff & in_own_township)

# The catalogue, with Django's own names so the Wagtail admin's model-level checks (which call
# ``user.has_perm("guides.change_servicepoint")``) and object-level checks give one answer.
# Guides are pages: Wagtail decides with group page permissions on the township sections that
# ``editorial.roles`` sets up; these rules say the same for custom views and the API.
for model in ("guidepage", "servicepoint", "offer"):
    rules.add_perm(f"guides.view_{model}", reads_content)
rules.add_perm("guides.change_guidepage", edits_content)
rules.add_perm("guides.add_guidepage", edits_content)
rules.add_perm("guides.delete_guidepage", is_county_admin | (edits_content & is_unpublished))
# Publishing is the reviewer's decision; township staff submit for review.
rules.add_perm("guides.publish_guidepage", is_county_admin | is_county_reviewer)
rules.add_perm("guides.add_servicepoint", edits_content)
rules.add_perm("guides.change_servicepoint", edits_content)
rules.add_perm("guides.delete_servicepoint", edits_content)
# Offers are added and removed on their guide; a township changes its own offers' local details.
rules.add_perm("guides.change_offer", edits_content)
