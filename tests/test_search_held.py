"""Synonyms and best bets are held in memory (guides.held): an edit here takes effect at once,
one made by another process within HELD_SECONDS."""

import time

import pytest

from guides import held
from guides.models import GuidePage
from search.best_bets import best_bets
from search.models import BestBet, Synonym
from search.synonyms import meanings

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(monkeypatch):
    """Moves the clock past what is held."""

    def move():
        now = time.monotonic() + held.HELD_SECONDS + 1
        monkeypatch.setattr(held.time, "monotonic", lambda: now)

    return move


def test_an_edit_here_takes_effect_at_once():
    assert meanings("臭豆腐摊") == []
    synonym = Synonym.objects.create(phrase="臭豆腐摊", means="食品经营许可")
    assert meanings("我想摆个臭豆腐摊") == ["食品经营许可"]
    synonym.delete()
    assert meanings("我想摆个臭豆腐摊") == []


def test_an_edit_elsewhere_takes_effect_within_the_held_time(later):
    assert meanings("准生证") == ["生育登记"]
    # A queryset update sends no signal, as a save in another process reaches no one here.
    Synonym.objects.filter(phrase="准生证").update(means="生育登记\n生育服务登记")
    assert meanings("准生证") == ["生育登记"]
    later()
    assert meanings("准生证") == ["生育登记", "生育服务登记"]


def test_best_bets_in_the_editors_order_and_live_only(later):
    first, second = GuidePage.objects.live()[:2]
    BestBet.objects.create(query="营业执照", guide=second, sort_order=1)
    BestBet.objects.create(query="營業執照", guide=first, sort_order=0)  # normalised on save
    assert best_bets("营业执照") == [first, second]
    first.unpublish()
    assert best_bets("营业执照") == [second]
    BestBet.objects.filter(guide=second).delete()
    assert best_bets("营业执照") == []
