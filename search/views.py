"""The public search page: server-rendered, works without JavaScript."""

from django.shortcuts import render

from search import public
from search.forms import SearchForm, remember_location


def search(request):
    form = SearchForm(request.GET)
    result = None
    if form.is_valid() and form.cleaned_data["q"]:
        result = public.search(
            form.cleaned_data["q"],
            location=form.location,
            filters=form.filters,
            page=form.cleaned_data["page"] or 1,
            literal=form.cleaned_data["literal"],
        )
    location = result.location if result else None
    context = {
        "form": form,
        "query": form.cleaned_data.get("q", "")
        if form.is_valid()
        else request.GET.get("q", "")[:100],
        "result": result,
        "townships": public.townships(),
        "picked": request.GET.get("township", ""),
        "literal": form.is_valid() and form.cleaned_data["literal"],
    }
    if result is not None and not result.total:
        context["hall"] = public.nearest_hall(location)
    response = render(request, "search/search.html", context)
    remember_location(response, form)  # the guide page and the self check read it
    return response
