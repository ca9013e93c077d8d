"""Wagtail's site history report, confined to a township for its own staff.

Wagtail shows a model's log entries (service points, offers …) to anyone with a permission on
the model, so a township editor read every township's edits there. Staff other than the county
roles see page entries as Wagtail filters them (pages they may explore), and of the other
entries only those about their own township's service points and offers (window staff have
none), and their own actions. County roles see everything, as before. Mounted in
``guidesite/urls.py`` in front of Wagtail's own report.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import PageLogEntry

from guides.models import Offer, ServicePoint
from guides.rules import is_county_admin, is_county_reviewer, township_of


def own_township_entries(user) -> Q:
    """The log entries (not of pages) a township's staff, or window staff, may read."""
    township = township_of(user)  # None for window staff: no township's entries
    points = ServicePoint.objects.filter(township=township).values_list("pk", flat=True)
    offers = Offer.objects.filter(service_point__township=township).values_list("pk", flat=True)
    return (
        Q(
            content_type=ContentType.objects.get_for_model(ServicePoint),
            object_id__in=[str(pk) for pk in points],
        )
        | Q(
            content_type=ContentType.objects.get_for_model(Offer),
            object_id__in=[str(pk) for pk in offers],
        )
        | Q(user_id=user.pk)
    )


class TownshipSiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if queryset.model is PageLogEntry or is_county_admin(user) or is_county_reviewer(user):
            return queryset
        return queryset.filter(own_township_entries(user))
