"""The search's JSON API and page: exact shapes, bad input, synonyms, best bets, the nearest
eligible place, the query log, and the fallback when Elasticsearch is down or slow."""

# The engine fixtures come from tests/search_engines.py (registered in tests/conftest.py).

from __future__ import annotations

import time

import pytest

from guides.models import GuidePage, Region
from guides.places import places_for
from search.models import BestBet, QueryLog, Synonym

pytestmark = pytest.mark.django_db

LIAN = "469034108000"  # 黎安镇
GUANGPO = "469034101000"  # 光坡镇
FOOD_LICENCE = "469034-XK-001"
SOLE_TRADER = "469034-XK-004"
LOW_INCOME = "469034-JF-001"  # village stations serve their own township only

DEMO_QUERIES = [
    ("开饭店要办什么证", FOOD_LICENCE),  # colloquial
    ("营业执照", SOLE_TRADER),
    ("准生证", "469034-GG-001"),
    ("結婚登記", "469034-QR-006"),  # traditional
    ("jiehundengji", "469034-QR-006"),  # pinyin
    ("bdcdj", "469034-QR-007"),
    ("不动产登纪", "469034-QR-007"),  # misspelt
    ("营业执招", SOLE_TRADER),
]


def api(client, path: str, **params):
    return client.get(path, params)


@pytest.mark.parametrize(("query", "code"), DEMO_QUERIES)
def test_demo_queries_find_the_matter_in_the_top_three(client, public_engine, query, code):
    body = api(client, "/api/search/", q=query).json()
    assert body["engine"] == public_engine
    assert code in [r["code"] for r in body["results"][:3]]


def test_search_shape_with_a_township(client, public_engine):
    response = api(client, "/api/search/", q="营业执照", township=LIAN)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"results", "total", "facets", "suggestion", "engine"}
    top = body["results"][0]
    assert set(top) >= {"code", "title", "url", "highlight", "nearest", "copies"}
    # Each matter once (township copies folded): the total counts matters.
    assert len({r["title"] for r in body["results"]}) == len(body["results"])
    assert set(top["nearest"]) >= {"name", "kind", "distance_m", "modes", "open_now"}
    # A delegated matter with 跨镇通办: the citizen's own township hall is nearest.
    assert top["code"] == SOLE_TRADER
    assert top["nearest"]["name"] == "黎安镇便民服务中心"
    assert top["nearest"]["distance_m"] < 2_000
    assert {"online", "immediate", "cross_township", "themes"} <= set(body["facets"])


def test_without_location_the_results_are_the_same_without_nearest(client, public_engine):
    located = api(client, "/api/search/", q="低保", township=LIAN).json()
    plain = api(client, "/api/search/", q="低保").json()
    assert [r["code"] for r in plain["results"]] == [r["code"] for r in located["results"]]
    assert all("nearest" not in r for r in plain["results"])


def test_nearest_respects_the_offers_scope(client, public_engine):
    guide = GuidePage.objects.get(code=LOW_INCOME)
    guangpo = Region.objects.get(code=GUANGPO)
    village = guangpo.children.first()
    expected = places_for(guide, township=village)[0]
    body = api(client, "/api/search/", q="低保", township=village.code).json()
    row = next(r for r in body["results"] if r["code"] == LOW_INCOME)
    assert row["nearest"]["name"] == expected.point.name
    assert row["nearest"]["distance_m"] == expected.distance_m


def test_lat_lon_stand_for_the_township(client, public_engine):
    lian = Region.objects.get(code=LIAN)
    body = api(
        client, "/api/search/", q="营业执照", lat=str(lian.latitude), lon=str(lian.longitude)
    ).json()
    assert body["results"][0]["nearest"]["name"] == "黎安镇便民服务中心"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "证" * 10_000}, "q"),
        ({"q": "低保", "lat": "abc", "lon": "110"}, "lat"),
        ({"q": "低保", "lat": "91", "lon": "110"}, "lat"),
        ({"q": "低保", "lat": "18.5"}, "__all__"),
        ({"q": "低保", "township": "999999999999"}, "township"),
        ({"q": "低保", "page": "1000000"}, "page"),
        ({"q": "低保", "page": "x"}, "page"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client, params, field):
    response = api(client, "/api/search/", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert any("\u4e00" <= char <= "\u9fff" for char in body["errors"][field]), "in Chinese"


def test_places_of_one_matter(client):
    body = api(client, f"/api/guides/{LOW_INCOME}/places/", township=GUANGPO).json()
    expected = places_for(
        GuidePage.objects.get(code=LOW_INCOME), township=Region.objects.get(code=GUANGPO)
    )
    assert [r["id"] for r in body["results"]] == [p.point.pk for p in expected]
    first = body["results"][0]
    assert set(first) == {
        "id",
        "name",
        "kind",
        "township",
        "distance_m",
        "distance",
        "modes",
        "window",
        "open_now",
        "url",
        "address",
        "phone",
    }
    assert len(first["township"]) == 12
    distances = [r["distance_m"] for r in body["results"]]
    assert distances == sorted(distances)
    # No village station of another township is offered to a 光坡镇 resident.
    assert all(
        r["kind"] != "village_station" or r["township"].startswith(GUANGPO[:9])
        for r in body["results"]
    )


def test_places_bad_input(client):
    assert api(client, "/api/guides/469034-XX-999/places/").status_code == 404
    response = api(client, f"/api/guides/{LOW_INCOME}/places/", lat="91", lon="0")
    assert response.status_code == 400 and response.json()["errors"].keys() == {"lat"}
    missing = api(client, "/api/guides/469034-XX-999/places/")
    assert (
        missing.json()["code"] == "not_found"
        and "469034-XX-999" in missing.json()["errors"]["code"]
    )


def test_suggest(client, public_engine):
    body = api(client, "/api/suggest/", q="jieh").json()
    assert "结婚登记" in body["suggestions"]
    assert api(client, "/api/suggest/", q="").json()["suggestions"] == []
    too_long = api(client, "/api/suggest/", q="证" * 10_000)
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid"
    assert too_long.json()["errors"].keys() == {"q"}


def test_a_new_synonym_takes_effect_at_once(client, public_engine):
    assert api(client, "/api/search/", q="臭豆腐摊").json()["total"] == 0
    Synonym.objects.create(phrase="臭豆腐摊", means="食品经营许可")
    body = api(client, "/api/search/", q="臭豆腐摊").json()
    assert body["results"][0]["code"] == FOOD_LICENCE


def test_best_bets_come_first(client, public_engine):
    guide = GuidePage.objects.get(code="469034-GG-011")  # 不动产登记资料查询
    BestBet.objects.create(query="营业执照", guide=guide)
    results = api(client, "/api/search/", q="营业执照").json()["results"]
    assert results[0]["code"] == guide.code and results[0]["best_bet"]
    assert results[1]["code"] == SOLE_TRADER


def test_a_guide_unpublished_before_the_index_follows_is_not_shown(client, public_engine):
    first = api(client, "/api/search/", q="登记").json()["results"][0]["code"]
    # The index follows after the transaction commits, which a test's transaction never does.
    GuidePage.objects.get(code=first).unpublish()
    results = api(client, "/api/search/", q="登记").json()["results"]
    assert results and first not in {r["code"] for r in results}


def test_zero_results_suggest_and_are_logged(client, public_engine):
    started = time.perf_counter()
    # Not cut into syllables (…deng i), so not even a near match; its pinyin is one slip away.
    body = api(client, "/api/search/", q="jiehundengi").json()
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert body["total"] == 0 and body["suggestion"] == "结婚登记"
    log = QueryLog.objects.get(query="jiehundengi")
    assert (log.total, log.engine) == (0, public_engine)
    # Measured in milliseconds inside the request: some, but no more than the test waited.
    assert 0 < log.latency_ms <= elapsed_ms + 1


def test_search_page_works_without_javascript(client, public_engine):
    page = client.get("/search/", {"q": "开饭店要办什么证", "township": LIAN})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-code="{FOOD_LICENCE}"' in html
    assert 'data-testid="nearest"' in html and 'data-testid="location-picker"' in html
    assert "<mark>" in html


def test_zero_results_page_shows_themes_and_the_nearest_hall(client, public_engine):
    page = client.get("/search/", {"q": "xyzzyq", "township": LIAN}).content.decode()
    assert 'data-testid="no-results"' in page and 'data-testid="themes"' in page
    assert 'data-testid="hall-phone"' in page and "黎安镇便民服务中心" in page


def test_search_page_shows_bad_input_on_the_form(client):
    page = client.get("/search/", {"q": "低保", "lat": "abc", "lon": "1"})
    assert page.status_code == 200 and b'data-testid="form-errors"' in page.content


def test_guide_page_lists_eligible_places_nearest_first(client):
    guide = GuidePage.objects.get(code=LOW_INCOME)
    html = client.get(guide.url, {"township": GUANGPO}).content.decode()
    expected = places_for(guide, township=Region.objects.get(code=GUANGPO))
    shown = [int(part.split('"')[0]) for part in html.split('data-point="')[1:]]
    assert shown == [p.point.pk for p in expected]
    assert 'data-testid="where-for"' in html
