"""The headless API (Wagtail API v2): a mini-program can render a guide from JSON alone."""

import pytest

from guides.models import GuidePage

pytestmark = pytest.mark.django_db


def test_guide_detail_has_the_structured_fields(client):
    page = GuidePage.objects.live().filter(offers__isnull=False).distinct().first()
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "guides.GuidePage"
    assert data["code"] == page.code
    assert data["title"] == page.title

    materials = data["materials"]
    assert [m["name"] for m in materials] == [m.name for m in page.materials.all()]
    assert {"form", "medium", "copies", "requirement", "condition", "source"} <= set(materials[0])

    offer = data["offers"][0]
    point = offer["service_point"]
    assert isinstance(point["latitude"], float) and isinstance(point["longitude"], float)
    assert 18 < point["latitude"] < 19 and 109 < point["longitude"] < 111
    assert set(offer["modes"]) <= {
        "window",
        "cross_township",
        "proxy",
        "guided",
        "home_visit",
        "self_service",
        "online",
        "mobile",
    }
    assert isinstance(point["open_now"], bool)
    assert data["handling_modes"] == page.handling_modes
    assert data["themes"] and {"slug", "name"} <= set(data["themes"][0])


def test_guide_list_filters_by_type_and_code(client):
    page = GuidePage.objects.live().first()
    response = client.get(
        "/api/v2/pages/", {"type": "guides.GuidePage", "fields": "code,promised_days", "limit": 100}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == GuidePage.objects.live().count()
    assert {item["code"] for item in data["items"]} >= {page.code}

    by_code = client.get("/api/v2/pages/", {"type": "guides.GuidePage", "code": page.code})
    assert [item["id"] for item in by_code.json()["items"]] == [page.pk]


def test_bad_api_input_is_a_400_with_a_message(client):
    response = client.get("/api/v2/pages/", {"type": "guides.GuidePage", "limit": "abc"})
    assert response.status_code == 400
    assert "message" in response.json()
