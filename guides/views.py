"""Public pages that are not Wagtail pages: service points and themes."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from guides.models import GuidePage, Offer, Region, ServicePoint, Theme

POINT_HOURS = ("opening_periods", "opening_exceptions")


def service_point_list(request):
    points = ServicePoint.objects.select_related("region", "township").prefetch_related(
        *POINT_HOURS
    )
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    by_township = {township.pk: (township, []) for township in townships}
    county_level = []
    for point in points:
        if point.township_id is None:
            county_level.append(point)
        else:
            by_township.setdefault(point.township_id, (point.township, []))[1].append(point)
    return render(
        request,
        "guides/service_point_list.html",
        {"county_level": county_level, "townships": list(by_township.values())},
    )


def service_point_detail(request, pk: int):
    point = get_object_or_404(
        ServicePoint.objects.select_related("region", "township").prefetch_related(
            "windows", *POINT_HOURS
        ),
        pk=pk,
    )
    offers = (
        Offer.objects.filter(service_point=point, guide__live=True)
        .select_related("guide")
        .order_by("guide__title")
    )
    return render(request, "guides/service_point_detail.html", {"point": point, "offers": offers})


def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    guides = (
        GuidePage.objects.live()
        .filter(themes=theme)
        .order_by("title")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.only("guide_id", "modes")))
    )
    return render(request, "guides/theme_detail.html", {"theme": theme, "guides": guides})
