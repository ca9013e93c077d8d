"""Admin for the guide snippets: regions, service points and themes, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guides.models import Region, ServicePoint, Theme


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


class ServicePointViewSet(SnippetViewSet):
    model = ServicePoint
    icon = "home"
    list_display = ["name", "kind", "region", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("region"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("transport")]),
        FieldPanel("accessibility"),
        FieldRowPanel([FieldPanel("letterhead"), FieldPanel("seal")], heading=_("Printed forms")),
        InlinePanel("windows", heading=_("Windows")),
        MultiFieldPanel(
            [
                InlinePanel("opening_periods", heading=_("Weekly hours")),
                InlinePanel("opening_exceptions", heading=_("Holidays and special openings")),
            ],
            heading=_("Opening hours"),
        ),
    ]

    def get_queryset(self, request):
        return ServicePoint.objects.select_related("region")


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
