"""Township copies of one matter (the same name for several townships) fold into one result
(search.public.collapsed): the copy that takes the citizen, the nearest first."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from guides.models import GuidePage
from search.documents import document_for
from search.engines.base import Hit
from search.engines.database import DatabaseEngine
from search.public import _nearer, collapsed
from tests import builders


def hit(page_id: int, title: str) -> Hit:
    return Hit(page_id=page_id, code=f"C{page_id}", title=title, url="", highlight=title)


HITS = [
    hit(1, "义务兵家庭优待金申领初审"),
    hit(2, "义务兵家庭优待金申领初审"),
    hit(3, "义务兵家庭优待金发放"),
    hit(4, "义务兵家庭优待金申领初审"),
    hit(5, "注销户口（入伍）"),
    hit(6, "注销户口(入伍)"),  # the same name in half-width brackets
]


def test_copies_fold_into_the_first_in_the_order_of_the_first():
    folded = collapsed(HITS)
    assert [(h.page_id, copies) for h, copies in folded] == [(1, 2), (3, 0), (5, 1)]


def test_different_names_are_never_folded():
    assert collapsed(HITS[2:4]) == [(HITS[2], 0), (HITS[3], 0)]


def test_the_copy_taking_the_citizen_nearest_first_stands_for_the_others():
    nearest = {
        2: SimpleNamespace(distance_m=9_000),
        4: SimpleNamespace(distance_m=1_200),
        3: SimpleNamespace(distance_m=None),
    }
    folded = collapsed(HITS, _nearer(nearest))
    assert [(h.page_id, copies) for h, copies in folded] == [(4, 2), (3, 0), (5, 1)]


@pytest.mark.django_db
def test_the_results_page_shows_one_line_and_how_many_copies(client, settings):
    """On the page as in the API: one line for the matter, saying how many other townships list
    a matter of the same name (the embedded engine; the API test covers both)."""
    settings.ELASTICSEARCH_URL = ""
    title = GuidePage.objects.get(code="469034-XK-001").title  # 食品经营许可证核发
    copy = builders.guide("469034-XK-901", title=title)
    DatabaseEngine().index([document_for(copy)])
    html = client.get("/search/", {"q": title}).content.decode()
    assert html.count(f">{title}</a>") == 1
    assert 'data-testid="copies">另有 1 个乡镇的同名事项<' in html
