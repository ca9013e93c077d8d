"""Wagtail admin permission policies that ask the django-rules predicates of ``guides.rules``.

Wagtail's own model policy only checks model-wide permissions; this one answers per object with
``user.has_perm(name, obj)`` and narrows querysets to the user's township, so the admin's lists,
edit views and bulk actions agree with every other view and the API.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from guides.models import Region
from guides.rules import is_county_admin, is_township_staff, township_of

# How each model reaches its region (the township itself or one of its villages). A plain list
# of ids, not a join: the admin's search backend filters on declared filter fields only.
REGION_FIELDS = {
    "servicepoint": "region_id__in",
    "offer": "service_point__region_id__in",
}


def in_township(model_name: str, township) -> Q:
    regions = Region.objects.filter(Q(pk=township.pk) | Q(parent=township))
    return Q(**{REGION_FIELDS[model_name]: list(regions.values_list("pk", flat=True))})


def scoped_to_user(queryset: QuerySet, user) -> QuerySet:
    """What a user works on: township staff see their own township's objects only."""
    if is_township_staff(user) and not is_county_admin(user):
        return queryset.filter(in_township(queryset.model._meta.model_name, township_of(user)))
    return queryset


class TownshipPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return user.has_perm(self._get_permission_name(action), instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        queryset = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        return scoped_to_user(queryset, user)


class OfferPermissionPolicy(TownshipPermissionPolicy):
    """Offers are added and removed on their guide's page, never on their own."""

    def user_has_permission(self, user, action) -> bool:
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)
