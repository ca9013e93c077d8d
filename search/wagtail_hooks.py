"""The search in the Wagtail admin: synonyms and best bets (snippets), and the report of
queries that found nothing in the last 30 days."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search import reports
from search.models import BestBet, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]


class BestBetViewSet(SnippetViewSet):
    model = BestBet
    icon = "pick"
    list_display = ["query", "guide", "sort_order"]
    search_fields = ["query"]


class SearchGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, BestBetViewSet)
    menu_icon = "search"
    menu_label = _("Search")
    menu_name = "search"


register_snippet(SearchGroup)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("search/zero-results/", reports.zero_results, name="search_zero_results")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Searches with no results"),
        reverse("search_zero_results"),
        icon_name="search",
        order=900,
    )
