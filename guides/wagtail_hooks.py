"""Admin for the guide snippets (regions, service points, themes) and the township offers.

Service points and offers are scoped to a township: their permission policy asks the
django-rules predicates per object, their lists hold the user's own township's objects only,
and the edit, delete, history and usage views refuse another township's object (Wagtail's
generic views check model-wide permissions only).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views.generic.history import HistoryView as ModelHistoryView
from wagtail.admin.views.generic.models import EditView as ModelEditView
from wagtail.admin.views.generic.models import IndexView as ModelIndexView
from wagtail.admin.views.generic.usage import UsageView as ModelUsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView
from wagtail.snippets.views.snippets import UsageView as SnippetUsageView

from guides.admin_reading import GuideReadingViewSet
from guides.models import Offer, Region, ServicePoint, Theme
from guides.permission_policies import (
    OfferPermissionPolicy,
    TownshipPermissionPolicy,
    scoped_to_user,
)
from guides.review import submit_change
from guides.rules import is_county_admin, is_township_staff, township_of


class ChecksObjectPermission:
    """Refuse an object the user may not act on, whatever their model-wide permission."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        policy = self.permission_policy
        if not policy.user_has_permission_for_instance(
            self.request.user, self.permission_required, obj
        ):
            raise PermissionDenied
        return obj


class ReadsObject:
    """History and usage: for whoever may read this very object (staff who may view the model
    would otherwise see another township's)."""

    any_permission_required = ["add", "change", "delete", "view"]
    permission_required = None

    def get_object(self):
        obj = super().get_object()
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", obj
        ):
            raise PermissionDenied
        return obj


class ServicePointEditView(ChecksObjectPermission, EditView):
    pass


class ServicePointDeleteView(ChecksObjectPermission, DeleteView):
    pass


class ServicePointHistoryView(ReadsObject, SnippetHistoryView):
    pass


class ServicePointUsageView(ReadsObject, SnippetUsageView):
    pass


class OfferHistoryView(ReadsObject, ModelHistoryView):
    pass


class OfferUsageView(ReadsObject, ModelUsageView):
    pass


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]


class ServicePointForm(WagtailAdminModelForm):
    """Township staff place service points in their own township or its villages only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and is_township_staff(user) and not is_county_admin(user):
            township = township_of(user)
            regions = self.fields["region"].queryset
            self.fields["region"].queryset = regions.filter(Q(pk=township.pk) | Q(parent=township))


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "home"
    list_display = ["name", "kind", "region", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    edit_view_class = ServicePointEditView
    delete_view_class = ServicePointDeleteView
    history_view_class = ServicePointHistoryView
    usage_view_class = ServicePointUsageView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldPanel("region"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("transport")]),
            FieldPanel("accessibility"),
            FieldRowPanel(
                [FieldPanel("letterhead"), FieldPanel("seal")], heading=_("Printed forms")
            ),
            InlinePanel("windows", heading=_("Windows")),
            MultiFieldPanel(
                [
                    InlinePanel("opening_periods", heading=_("Weekly hours")),
                    InlinePanel("opening_exceptions", heading=_("Holidays and special openings")),
                ],
                heading=_("Opening hours"),
            ),
        ],
        base_form_class=ServicePointForm,
    )

    @property
    def permission_policy(self):
        return TownshipPermissionPolicy(ServicePoint)

    def get_queryset(self, request):
        return scoped_to_user(ServicePoint.objects.select_related("region"), request.user)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "audience", "sort_order"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("sort_order")]),
        FieldPanel("description"),
    ]


class GuideDirectoryGroup(SnippetViewSetGroup):
    menu_label = _("Places and themes")
    menu_icon = "site"
    menu_order = 200
    items = (ServicePointViewSet, RegionViewSet, ThemeViewSet)


register_snippet(GuideDirectoryGroup)


# What a township keeps for its own hall's offers; scope and partners are the county's.
OFFER_LOCAL_FIELDS = (
    "window",
    "modes",
    "local_promised_days",
    "local_extra_materials",
    "local_notes",
)


class OfferEditView(ChecksObjectPermission, ModelEditView):
    """An offer belongs to its guide's revisions: the change becomes a revision of the guide,
    published by a user who may publish it, otherwise submitted for review."""

    def save_instance(self):
        offer = self.form.save(commit=False)
        guide = offer.guide.get_latest_revision_as_object()
        # Matched by service point (one row per point): a revision may predate the rows' ids.
        # The in-memory rows are copied on each .all(), so the edited list is assigned back.
        rows = list(guide.offers.all())
        for row in rows:
            if row.service_point_id == offer.service_point_id:
                for name in OFFER_LOCAL_FIELDS:
                    setattr(row, name, getattr(offer, name))
        guide.offers = rows
        self.published = submit_change(guide, self.request.user)
        return offer

    def get_success_message(self, instance=None):
        if self.published:
            return _("The offer at %(point)s is published.") % {"point": self.object.service_point}
        return _("The change to the offer at %(point)s is submitted for review.") % {
            "point": self.object.service_point
        }


class OfferIndexView(ModelIndexView):
    def get_base_queryset(self):
        offers = Offer.objects.select_related("guide", "service_point__region")
        return scoped_to_user(offers, self.request.user).order_by(
            "guide__title", "service_point__name"
        )


class OfferViewSet(ModelViewSet):
    """实施清单 rows by township: the local details a township keeps for its own halls."""

    model = Offer
    icon = "list-ul"
    menu_label = _("Township offers")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["guide", "service_point", "window"]
    list_filter = ["service_point"]
    search_fields = ["guide__title", "guide__code"]
    index_view_class = OfferIndexView
    edit_view_class = OfferEditView
    history_view_class = OfferHistoryView
    usage_view_class = OfferUsageView
    form_fields = list(OFFER_LOCAL_FIELDS)

    @property
    def permission_policy(self):
        return OfferPermissionPolicy(Offer)


@hooks.register("register_admin_viewset")
def register_offer_viewset():
    return OfferViewSet("township_offers")


@hooks.register("register_admin_viewset")
def register_guide_reading_viewset():
    return GuideReadingViewSet("guide_reading")


@hooks.register("before_bulk_action")
def refuse_other_townships_objects(request, action_type, objects, action_class_instance):
    """Bulk actions check model-wide permissions only; check every selected object."""
    policy = TownshipPermissionPolicy(type(objects[0])) if objects else None
    if policy is None or type(objects[0]) not in (ServicePoint, Offer):
        return None
    user = request.user
    if not all(policy.user_has_permission_for_instance(user, action_type, o) for o in objects):
        raise PermissionDenied
    return None
