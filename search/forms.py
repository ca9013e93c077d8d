"""The search parameters, validated once for the page and the JSON API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from guides.models import Region
from search.engines.base import Filters
from search.location import Location, locate

MAX_QUERY = 100
MAX_PAGE = 1000
# The township or village the citizen picked, remembered so that it follows them from the search
# to the guide page, the self check and the printed form without JavaScript.
LOCATION_COOKIE = "township"
LOCATION_COOKIE_AGE = 365 * 24 * 3600


class LocationForm(forms.Form):
    """lat/lon from the phone, or a township or village picked from the list."""

    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)
    township = forms.CharField(required=False, max_length=12)

    def clean_township(self) -> Region | None:
        code = self.cleaned_data["township"].strip()
        if not code:
            return None
        region = (
            Region.objects.filter(
                code=code, level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE]
            )
            .select_related("parent__parent")
            .first()
        )
        if region is None:
            raise ValidationError(_("Unknown township or village: %(code)s.") % {"code": code})
        return region

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None) and not self.errors:
            raise ValidationError(_("Give both lat and lon, or neither."))
        return data

    @property
    def location(self) -> Location | None:
        data = self.cleaned_data
        return locate(region=data.get("township"), lat=data.get("lat"), lon=data.get("lon"))


def location_form(request: HttpRequest) -> LocationForm:
    """The citizen's location: from the link (``?township=`` or ``?lat=&lon=``), else the
    township or village remembered in the cookie."""
    if any(request.GET.get(name) for name in ("township", "lat", "lon")):
        return LocationForm(request.GET)
    remembered = LocationForm({"township": request.COOKIES.get(LOCATION_COOKIE, "")[:12]})
    return remembered if remembered.is_valid() else LocationForm({})  # a stale code: forget it


def remember_location(response: HttpResponse, form: LocationForm) -> None:
    """Keep the township or village the citizen picked (never their position) in a cookie."""
    region = form.cleaned_data.get("township") if form.is_valid() else None
    if region is not None and form.data.get("township"):
        response.set_cookie(
            LOCATION_COOKIE,
            region.code,
            max_age=LOCATION_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
        )


class SearchForm(LocationForm):
    q = forms.CharField(required=False, max_length=MAX_QUERY, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    online = forms.BooleanField(required=False)
    immediate = forms.BooleanField(required=False)
    cross_township = forms.BooleanField(required=False)
    theme = forms.CharField(required=False, max_length=40)
    life_event = forms.CharField(required=False, max_length=255)
    body = forms.CharField(required=False, max_length=100)
    literal = forms.BooleanField(required=False)  # the words as typed, not understood

    @property
    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            online=d["online"],
            immediate=d["immediate"],
            cross_township=d["cross_township"],
            theme=d["theme"],
            life_event=d["life_event"],
            implementing_body=d["body"],
        )


def form_errors(form: forms.Form) -> dict[str, str]:
    """The first message of each wrong field (``__all__`` for the form as a whole): the
    ``errors`` of a 400 in the shape of ``edge.errors``."""
    return {field: str(messages[0]) for field, messages in form.errors.items()}
