"""Understanding a citizen's question (search.understanding): filler dropped, the place and the
action found, pinyin left alone; the place used as the citizen's location on the page and in the
API; the way back to the words as typed; "did you mean" only when it sounds like the question."""

from __future__ import annotations

import re
from html import unescape

import pytest

from search import public
from search.understanding import sounds_like, understand

pytestmark = pytest.mark.django_db

GUANGPO = "469034101000"  # 光坡镇
LIAN = "469034108000"  # 黎安镇
FOOD_LICENCE = "469034-XK-001"
QUESTION = "我在光坡镇想开个奶茶店要办什么证"

# question → (what is searched, as shown; the place; the action)
QUESTIONS = [
    (QUESTION, "奶茶店 开办", "光坡镇", "开办"),
    ("开早餐店", "早餐店 开办", None, "开办"),
    ("早餐店", "早餐店", None, None),
    ("請問結婚登記要什麼材料", "结婚登记", None, None),  # traditional, filler
    ("孩子上户口需要哪些材料？", "孩子上户口", None, None),
    ("怎么申请低保", "低保", None, None),
    ("我要补办户口本", "户口本 补领", None, "补领"),
    ("驾照到期了去哪里换", "驾照到期 换领", None, "换领"),
    ("我的公司不干了怎么注销", "公司 注销", None, "注销"),
    ("户口迁到英州镇要什么材料", "户口 迁移", "英州镇", "迁移"),
    ("在本号开个小卖部", "小卖部 开办", "本号镇", "开办"),  # a township without 镇
    ("三才镇花石村老人怎么领高龄补贴", "老人 领高龄补贴", "花石村", None),  # the village
    ("我在椰林镇城中社区,想问一下生孩子能领什么补贴", "生孩子 补贴", "城中社区", None),
    # Words that hold filler or action words stay whole.
    ("我想找代办", "找代办", None, None),
    ("个体户营业执照怎么办", "个体户营业执照", None, None),
    ("开证明", "开证明", None, None),  # a synonym phrase: not 开 + 证明
    ("无犯罪记录证明在哪开？", "无犯罪记录证明", None, None),  # a paper issued, not a shop
    ("我想开发票", "开发票", None, None),
    ("去五星级酒店", "去五星级酒店", None, None),  # 五星 is a village only as 五星村
    ("提蒙", "提蒙", None, None),  # 提蒙乡 or 提蒙村: not a place
    # Typos and pinyin are the engines' to match: left as typed.
    ("婚姻登纪", "婚姻登纪", None, None),
    ("jiehundengji", "jiehundengji", None, None),
    ("jiehun dengji", "jiehun dengji", None, None),
    ("bdcdj", "bdcdj", None, None),
    ("怎么办理", "怎么办理", None, None),  # nothing left: the words as typed
    # Action words count only as words of their own, not inside another word.
    ("随迁子女上学", "随迁子女上学", None, None),  # 随迁 is not 迁
    ("旧渔船换新船", "旧渔船换新船", None, None),  # 换新船 is not 换新
    ("身份证换新的", "身份证 换领", None, "换领"),
    ("护照上的拼音打错了", "护照上 拼音 更正", None, "更正"),
    # The county and province are where the citizen is, not what they ask about.
    ("海南省的低保怎么申请", "低保", None, None),
    ("陵水黎族自治县的低保", "低保", None, None),
    # Elsewhere (another city, 外地) is the catalogue's 异地, not words to match.
    ("在广州看病用医保", "看病用医保 异地", None, None),
]


@pytest.mark.parametrize(("question", "shown", "place", "action"), QUESTIONS)
def test_a_question_is_reduced_to_what_the_citizen_asks_for(question, shown, place, action):
    understood = understand(question)
    assert understood.shown == shown
    assert (understood.place.name if understood.place else None) == place
    assert (understood.action.label if understood.action else None) == action


def test_the_engines_get_the_action_in_the_catalogues_words():
    understood = understand("开早餐店")
    assert understood.text == "早餐店 设立" and understood.changed
    assert not understand("早餐店").changed


def test_elsewhere_favours_the_catalogues_word_and_is_not_matched():
    query = public.analyse("外地人在这里办居住证")
    assert query.prefer == ("异地",) and "外地" not in query.text
    assert public.analyse("居住证").prefer == ()


def test_literal_takes_the_words_as_typed():
    understood = understand(QUESTION, literal=True)
    assert understood.text == understood.shown == QUESTION
    assert understood.place is None and understood.action is None and not understood.changed


def test_the_place_in_the_question_is_the_citizens_location(client, public_engine):
    body = client.get("/api/search/", {"q": QUESTION}).json()
    assert body["understood"] == {
        "query": "奶茶店 开办",
        "searched": "奶茶店 设立",
        "action": "开办",
        "place": {"code": GUANGPO, "name": "光坡镇"},
        "literal": False,
    }
    top = body["results"][0]
    assert top["code"] == FOOD_LICENCE
    # The same nearest place as picking 光坡镇 from the list.
    picked = client.get("/api/search/", {"q": "奶茶店", "township": GUANGPO}).json()
    chosen = next(r for r in picked["results"] if r["code"] == FOOD_LICENCE)
    assert top["nearest"] == chosen["nearest"] and top["nearest"] is not None
    # The place named in the question wins over the one picked from the list.
    other = client.get("/api/search/", {"q": QUESTION, "township": LIAN}).json()
    assert other["understood"]["place"]["code"] == GUANGPO
    assert other["results"][0]["nearest"] == top["nearest"]


def test_the_page_says_what_it_understood_with_a_link_back_to_the_words(client, public_engine):
    html = client.get("/search/", {"q": QUESTION}).content.decode()
    said = re.search(r'data-testid="understood">(.*?)</p>', html, re.S)
    assert said and "按“奶茶店 开办”查找" in said.group(1) and "地点：光坡镇" in said.group(1)
    link = re.search(r'data-testid="literal" href="([^"]+)"', said.group(1))
    assert link and "literal=1" in link.group(1)
    assert f'data-code="{FOOD_LICENCE}"' in html

    literal = client.get("/search/" + unescape(link.group(1))).content.decode()
    assert 'data-testid="understood"' not in literal
    assert f'value="{QUESTION}"' in literal  # the words as typed, still in the box
    body = client.get("/api/search/", {"q": QUESTION, "literal": "1"}).json()
    assert body["understood"]["literal"] is True and body["understood"]["place"] is None
    assert all("nearest" not in r for r in body["results"])  # no place taken from the text


def test_a_plain_name_shows_no_understanding(client, public_engine):
    html = client.get("/search/", {"q": "结婚登记"}).content.decode()
    assert 'data-testid="understood"' not in html


UNRELATED = ["婚姻登纪", "hunyindengji", "婚登纪"]


@pytest.mark.parametrize("question", UNRELATED)
def test_the_engines_nearest_sounding_name_is_dropped_when_unrelated(engine, question):
    # The engines' nearest-sounding name for these (生育登记 on the embedded engine for the
    # last two) shares only 登记 with the question: the public search drops it.
    raw = engine.did_you_mean(public.analyse(question))
    assert raw is None or not sounds_like(understand(question), raw)


@pytest.mark.parametrize("question", UNRELATED)
def test_did_you_mean_never_points_to_an_unrelated_matter(client, public_engine, question):
    assert client.get("/api/search/", {"q": question}).json()["suggestion"] is None


def test_did_you_mean_is_kept_when_it_sounds_like_the_question(client, public_engine):
    body = client.get("/api/search/", {"q": "jiehundengjj"}).json()
    assert body["total"] == 0 and body["suggestion"] == "结婚登记"


@pytest.mark.parametrize(
    ("question", "suggestion", "confident"),
    [
        ("婚姻登纪", "生育登记", False),  # shares 登记 only
        ("不动产登纪", "不动产登记", True),  # a homophone typo
        ("请问结婚登纪怎么办", "内地居民结婚登记", True),  # filler is not compared
        ("结婚登计", "结婚登记", True),
        ("离婚登", "结婚登记", False),  # three syllables: all must be heard
        ("营业执招", "个体工商户设立登记", False),
        ("jiehundenji", "结婚登记", True),
        ("shengyudengji", "结婚登记", False),
    ],
)
def test_a_suggestion_must_sound_like_the_question(question, suggestion, confident):
    assert sounds_like(understand(question), suggestion) is confident
