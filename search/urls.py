"""The search's JSON API, included under api/ (other apps add their own api/ paths)."""

from django.urls import path

from search import api

urlpatterns = [
    path("search/", api.search, name="api_search"),
    path("suggest/", api.suggest, name="api_suggest"),
]
