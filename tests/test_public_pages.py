"""Every public page type renders with the demo county, in Chinese, with what a citizen needs."""

import pytest
from django.urls import reverse

from guides.models import GuidePage, LifeEventPage, ServicePoint, Theme

pytestmark = pytest.mark.django_db


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page(client):
    html = get_html(client, "/")
    assert '<html lang="zh-hans"' in html.lower()
    assert 'action="/search/"' in html
    for life_event in LifeEventPage.objects.live():
        assert life_event.title in html
    for theme in Theme.objects.all():
        assert theme.name in html


def test_every_guide_renders_its_elements(client, django_assert_max_num_queries):
    for page in GuidePage.objects.live():
        with django_assert_max_num_queries(40):
            html = get_html(client, page.url)
        assert page.title in html
        assert page.code in html
        for material in page.materials.all():
            assert material.name in html
        for offer in page.offers.select_related("service_point"):
            assert offer.service_point.name in html
        assert page.consultation_phone in html
        # A multi-line {# … #} is not a comment in Django: it would reach the citizen.
        assert "{#" not in html and "{%" not in html


def test_guide_catalogue_and_life_events(client):
    html = get_html(client, "/guides/")
    assert GuidePage.objects.live().count() >= 32
    for page in GuidePage.objects.live():
        assert page.title in html
    for life_event in LifeEventPage.objects.live():
        html = get_html(client, life_event.url)
        for item in life_event.items.select_related("guide"):
            assert item.guide.title in html
    assert "出生一件事" in get_html(client, "/life-events/")


def test_service_point_pages(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # not one per point
        html = get_html(client, reverse("service_point_list"))
    for point in ServicePoint.objects.all():
        assert point.name in html
    for point in ServicePoint.objects.all():
        html = get_html(client, point.get_absolute_url())
        assert point.name in html and point.address in html
        for offer in point.offers.select_related("guide").filter(guide__live=True):
            assert offer.guide.title in html


def test_theme_pages(client):
    for theme in Theme.objects.all():
        html = get_html(client, theme.get_absolute_url())
        for page in GuidePage.objects.live().filter(themes=theme):
            assert page.title in html


def test_unknown_addresses_get_a_chinese_404(client):
    for url in ("/guides/no-such-matter/", "/service-points/999999/", "/themes/nothing/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "lang=" in response.content.decode()


def test_search_page_answers_without_an_engine(client):
    page = GuidePage.objects.live().get(title__contains="食品经营许可")
    html = get_html(client, "/search/?q=食品经营许可")
    assert page.title in html
    assert get_html(client, "/search/?q=").count("<form") >= 1
    html = get_html(client, "/search/?q=" + "x" * 10_000)
    assert "12345" in html
