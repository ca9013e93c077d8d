"""The search in the Wagtail admin: synonyms and best bets (snippets), and the report of
queries that found nothing in the last 30 days."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guides import held
from search import reports
from search.models import BestBet, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    list_display = ["phrase", "means", "source", "enabled"]
    list_filter = ["source", "enabled"]
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


@hooks.register("before_delete_snippet")
def switch_off_lexicon_synonyms(request, instances):
    """Deleting a phrase of the platform's lexicon switches it off instead: deleted, it would
    come back the next time the lexicon is loaded (``search.lexicon_table``)."""
    if request.method != "POST" or not instances or not isinstance(instances[0], Synonym):
        return None
    pks = [synonym.pk for synonym in instances]
    lexicon = Synonym.objects.filter(pk__in=pks, source=Synonym.Source.LEXICON)
    switched_off = lexicon.update(enabled=False)
    if not switched_off:
        return None
    Synonym.objects.filter(pk__in=pks).exclude(source=Synonym.Source.LEXICON).delete()
    held.drop_all()
    messages.success(
        request,
        _("%(count)s lexicon phrase(s) switched off: loading the lexicon leaves them off.")
        % {"count": switched_off},
    )
    return redirect("wagtailsnippets_search_synonym:list")


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
