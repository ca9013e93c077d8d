"""One contract, two engines: every test here runs against the embedded engine and against a
real Elasticsearch node, and both must give the same kind of answer."""

# The engine fixtures come from tests/search_engines.py (registered in tests/conftest.py).

from __future__ import annotations

import dataclasses

import pytest

from guides.models import GuidePage
from search.documents import document_for
from search.engines.base import PAGE_SIZE, Filters, Hit, Query, Results

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "469034-XK-001"  # 食品经营许可证核发
SOLE_TRADER = "469034-XK-004"  # 个体工商户设立登记
BIRTH_REGISTRATION = "469034-GG-001"  # 生育登记
MARRIAGE = "469034-QR-006"  # 结婚登记
PROPERTY = "469034-QR-007"  # 不动产登记（房屋买卖转移登记）
RESIDENCE_PROOF = "469034-GG-002"  # 居住证明开具
RESIDENCE_PERMIT = "469034-QR-005"  # 居住证办理（申领、签注）
DEATH_REGISTRATION = "469034-QR-004"  # 死亡人员户口注销（死亡登记）


def codes(results: Results) -> list[str]:
    return [hit.code for hit in results.hits]


def test_results_are_the_same_objects(engine):
    results = engine.search(Query("结婚登记"))
    assert isinstance(results, Results)
    assert results.engine == engine.name
    assert results.hits and all(isinstance(hit, Hit) for hit in results.hits)
    top = results.hits[0]
    assert top.code == MARRIAGE
    assert top.title == "结婚登记"
    assert top.url == GuidePage.objects.get(code=MARRIAGE).get_url()
    assert "<mark>" in top.highlight


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("营业执照", SOLE_TRADER),  # alias
        ("個體工商戶", SOLE_TRADER),  # traditional characters
        ("業(yè)務(wù)結婚登記", MARRIAGE),  # converter artefacts
        ("jiehundengji", MARRIAGE),  # full pinyin
        ("bdcdj", PROPERTY),  # initials
        ("不动产登纪", PROPERTY),  # homophone typo
        ("营业执招", SOLE_TRADER),  # homophone typo
        ("469034-xk-001", FOOD_LICENCE),  # matter code
    ],
)
def test_chinese_matching(engine, query, code):
    assert code in codes(engine.search(Query(query)))[:3]


def test_names_rank_above_body_text(engine):
    # 营业执照 is an alias of the sole trader registration and appears in other guides' bodies.
    results = engine.search(Query("营业执照"))
    assert codes(results)[0] == SOLE_TRADER
    assert results.total > 1


def test_alternatives_from_synonyms_are_matched_too(engine):
    results = engine.search(Query("小吃摊", alternatives=["食品经营许可"]))
    assert codes(results)[0] == FOOD_LICENCE


def test_the_citizens_own_words_rank_above_a_synonyms_meaning(engine):
    # The meaning is a whole name, and still the guide named by the words themselves comes first.
    query = Query("居住证明", alternatives=["居住证办理（申领、签注）"])
    assert codes(engine.search(query))[:2] == [RESIDENCE_PROOF, RESIDENCE_PERMIT]


def test_the_action_asked_for_ranks_and_adds_nothing(engine):
    plain, asked = engine.search(Query("户口")), engine.search(Query("户口", action=("注销",)))
    assert codes(asked)[0] == DEATH_REGISTRATION
    assert asked.total == plain.total


def test_a_preferred_circumstance_ranks_and_adds_nothing(engine):
    plain, asked = engine.search(Query("户口")), engine.search(Query("户口", prefer=("注销",)))
    assert codes(asked)[0] == DEATH_REGISTRATION
    assert asked.total == plain.total


def test_nothing_matches_nonsense(engine):
    results = engine.search(Query("xyzzyq"))
    assert (results.total, results.hits) == (0, [])
    assert engine.did_you_mean(Query("xyzzyq")) is None


def test_punctuation_alone_matches_nothing(engine):
    results = engine.search(Query("！？……"))
    assert (results.total, results.hits) == (0, [])


def test_a_guide_matched_by_several_phrases_counts_once(engine):
    one, other = engine.search(Query("结婚登记")), engine.search(Query("离婚登记"))
    both = engine.search(Query("结婚登记", alternatives=["离婚登记"]))
    # Each guide once, whichever phrases it matches (the two share most of their matches).
    assert max(one.total, other.total) <= both.total < one.total + other.total
    assert codes(both)[0] == MARRIAGE


def test_a_misspelt_pinyin_is_a_near_match_and_did_you_mean_names_it(engine):
    # jie hun den ji: two of three syllable pairs are not 结婚登记's, so not a sure match,
    # but the page is not empty, and "did you mean" names the matter.
    results = engine.search(Query("jiehundenji"))
    assert codes(results)[:1] == [MARRIAGE]
    assert not results.confident
    assert engine.did_you_mean(Query("jiehundenji")) == "结婚登记"


def test_pinyin_with_spaces_is_heard_syllable_by_syllable(engine):
    assert MARRIAGE in codes(engine.search(Query("jiehun dengji")))[:3]


def test_a_question_with_filler_is_ranked_not_emptied(engine):
    # Half the characters are the question's own words: no guide holds 70 % of them.
    results = engine.search(Query("请问结婚登记要带哪些东西"))
    assert codes(results)[0] == MARRIAGE
    assert not results.confident


def test_a_sure_match_is_confident(engine):
    assert engine.search(Query("结婚登记")).confident
    assert not engine.search(Query("xyzzyq")).confident


def test_words_as_typed_find_an_exact_name_whatever_was_understood(engine):
    query = Query("生育 登记 补领", typed="结婚登记")
    assert codes(engine.search(query))[0] == MARRIAGE


def test_did_you_mean_never_names_an_unrelated_matter(engine):
    # 婚姻登纪 sounds like 生育登记 in one syllable pair of three: no suggestion of it.
    assert engine.did_you_mean(Query("婚姻登纪")) in (None, "结婚登记", "离婚登记")


def test_facets_count_what_the_filters_keep(engine):
    everything = engine.search(Query("登记"))
    facets = {key: {f.value: f.count for f in counts} for key, counts in everything.facets.items()}
    assert set(facets) == {
        "online",
        "immediate",
        "cross_township",
        "themes",
        "life_events",
        "implementing_body",
    }
    online = engine.search(Query("登记", filters=Filters(online=True)))
    assert online.total == facets["online"]["online"] > 0
    assert all(hit.online for hit in online.hits)
    theme, count = next(iter(facets["themes"].items()))
    assert engine.search(Query("登记", filters=Filters(theme=theme))).total == count
    body, count = next(iter(facets["implementing_body"].items()))
    assert engine.search(Query("登记", filters=Filters(implementing_body=body))).total == count


def test_pages_do_not_overlap(engine):
    first = engine.search(Query("证"))
    second = engine.search(Query("证", page=2))
    assert first.total > PAGE_SIZE
    assert len(first.hits) == PAGE_SIZE
    assert not set(codes(first)) & set(codes(second))
    beyond = engine.search(Query("证", page=50))
    assert beyond.hits == [] and beyond.total == first.total


def test_suggestions_by_characters_and_pinyin(engine):
    assert "结婚登记" in engine.suggest("结婚")
    assert "结婚登记" in engine.suggest("jieh")
    assert any(s.startswith("不动产登记") for s in engine.suggest("不动"))
    assert engine.suggest("") == []


def test_index_and_remove_a_guide(engine):
    guide = GuidePage.objects.get(code=FOOD_LICENCE)
    original = document_for(guide)
    renamed = dataclasses.replace(original, aliases=[*original.aliases, "榴莲千层蛋糕"])
    try:
        engine.index([renamed])
        assert codes(engine.search(Query("榴莲千层蛋糕")))[:1] == [FOOD_LICENCE]
        engine.remove([guide.pk])
        assert FOOD_LICENCE not in codes(engine.search(Query("食品经营许可证核发")))
    finally:
        engine.index([original])
    assert codes(engine.search(Query("食品经营许可证核发")))[0] == FOOD_LICENCE
    # The new version no longer has the alias, so it no longer matches it.
    assert FOOD_LICENCE not in codes(engine.search(Query("榴莲千层蛋糕")))
