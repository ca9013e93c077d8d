"""A province-sized, deterministic data set in the database for the search benchmark.

Twenty counties of 25 townships with 60 villages each; 50,020 service points (a county
centre, a hall per township, a station per village, 39 self-service points per township);
20,000 published guides, 1,000 per county; 1,000,000 offers, 50 per guide: the county centre
and the county's 25 township halls for every resident of the county (跨镇通办), and 24 village
stations for their own township's residents (代办).

The demo county's 37 guides are the vocabulary: each generated guide is a demo matter as one of
the counties publishes it, its title with a local qualifier, the matter's aliases, its themes
and a body of words drawn from the demo bodies. Guides are written by the catalogue import's
bulk road (``catalogue.bulk``) and indexed by the platform's own upkeep when the transaction
commits, so the indexes hold what they would hold in production.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from catalogue.bulk import add_new
from guides.models import (
    GuideIndexPage,
    GuidePage,
    HandlingMode,
    Offer,
    OpeningPeriod,
    Region,
    ServicePoint,
)
from guides.models.offers import Scope
from search import text

# Real 行政区划代码 of Hainan's cities and counties other than the demo's.
COUNTIES = [
    ("469001", "五指山市"),
    ("469002", "琼海市"),
    ("469005", "文昌市"),
    ("469006", "万宁市"),
    ("469007", "东方市"),
    ("469021", "定安县"),
    ("469022", "屯昌县"),
    ("469023", "澄迈县"),
    ("469024", "临高县"),
    ("469025", "白沙黎族自治县"),
    ("469026", "昌江黎族自治县"),
    ("469027", "乐东黎族自治县"),
    ("469029", "保亭黎族苗族自治县"),
    ("469030", "琼中黎族苗族自治县"),
    ("460400", "儋州市"),
    ("460204", "三亚市天涯区"),
    ("460205", "三亚市崖州区"),
    ("460105", "海口市秀英区"),
    ("460106", "海口市龙华区"),
    ("460108", "海口市美兰区"),
]
TOWNSHIP_STEMS = (  # noqa: SIM905 (names read better as one string)
    "新坡 大坡 龙塘 三门坡 长安 福山 桥头 美亭 南吕 中和 和庆 木棠 白马井 "
    "海头 排浦 雅星 大成 新州 峨蔓 光村 东成 兰洋 那大 王五 加来 博厚 "
    "调楼 东英 皇桐 多文 波莲 新盈 南宝 和舍 岭口 翰林 龙门 雷鸣 黄竹 "
    "会山 潭门 博鳌 阳江 塔洋 大路 石壁 万泉 龙江 中原 长坡"
).split()
VILLAGE_STEMS = (  # noqa: SIM905 (names read better as one string)
    "新村 大园 南坡 北岸 东山 西岭 上坡 下坡 龙头 凤凰 石头 水口 坡尾 "
    "田头 椰林 槟榔 红光 红星 团结 光明 新丰 永安 和平 群英 昌文 美村 "
    "福田 高山 长坡 禄马 岭头 沙田 仙沟 文教 头塘 加乐 南洋 什玲 保城 "
    "响水 三道 六弓 七仙 加茂 毛感 新政 番道 南林 东坡 西坡 北坡 中坡 "
    "后坡 前坡 上村 下村 中村 后村 前村 新园"
).split()
TOWNSHIPS_PER_COUNTY = 25
VILLAGES_PER_TOWNSHIP = 60
KIOSKS_PER_TOWNSHIP = 39
GUIDES_PER_COUNTY = 1_000
STATION_OFFERS = 24  # per guide, besides the county centre and every township hall

HALL_HOURS = [(dt.time(8), dt.time(12)), (dt.time(14, 30), dt.time(17, 30))]
STATION_HOURS = [(dt.time(8, 30), dt.time(12))]
MIDNIGHT = dt.time(0)


@dataclass
class Seed:
    guide: GuidePage
    body: str
    theme_ids: list[int]


@dataclass
class County:
    region: Region
    centre: ServicePoint
    halls: list[ServicePoint]
    stations: list[ServicePoint]


def seeds() -> list[Seed]:
    """The demo county's guides (load_demo must have run)."""
    from search.documents import document_for, guides_to_index

    return [
        Seed(guide, document_for(guide).body, [t.pk for t in guide.themes.all()])
        for guide in guides_to_index()
    ]


def _near(rng: random.Random, lat: float, lon: float, spread: float) -> tuple[Decimal, Decimal]:
    return (
        Decimal(f"{lat + rng.uniform(-spread, spread):.6f}"),
        Decimal(f"{lon + rng.uniform(-spread, spread):.6f}"),
    )


def _regions(rng: random.Random) -> list[tuple[Region, list[tuple[Region, list[Region]]]]]:
    """Counties, their townships and villages, on a grid over Hainan's lowlands."""
    counties = Region.objects.bulk_create(
        Region(
            code=f"{code}000000",
            name=name,
            level=Region.Level.COUNTY,
            latitude=Decimal(f"{18.35 + 0.4 * (n // 5):.6f}"),
            longitude=Decimal(f"{108.9 + 0.45 * (n % 5):.6f}"),
        )
        for n, (code, name) in enumerate(COUNTIES)
    )
    townships = Region.objects.bulk_create(
        Region(
            code=f"{county.code[:6]}{100 + t:03d}000",
            name=TOWNSHIP_STEMS[(n * 7 + t) % len(TOWNSHIP_STEMS)] + "镇",
            level=Region.Level.TOWNSHIP,
            parent=county,
            latitude=lat,
            longitude=lon,
        )
        for n, county in enumerate(counties)
        for t in range(TOWNSHIPS_PER_COUNTY)
        for lat, lon in [_near(rng, float(county.latitude), float(county.longitude), 0.15)]
    )
    villages = Region.objects.bulk_create(
        (
            Region(
                code=f"{township.code[:9]}{200 + v:03d}",
                name=VILLAGE_STEMS[v] + ("社区" if v % 10 == 0 else "村"),
                level=Region.Level.VILLAGE,
                parent=township,
                latitude=lat,
                longitude=lon,
            )
            for township in townships
            for v in range(VILLAGES_PER_TOWNSHIP)
            for lat, lon in [_near(rng, float(township.latitude), float(township.longitude), 0.03)]
        ),
        batch_size=5000,
    )
    by_township: dict[int, list[Region]] = {}
    for village in villages:
        by_township.setdefault(village.parent_id, []).append(village)
    return [
        (county, [(t, by_township[t.pk]) for t in townships if t.parent_id == county.pk])
        for county in counties
    ]


def _point(rng, region: Region, kind: str, name: str, spread: float = 0.002) -> ServicePoint:
    lat, lon = _near(rng, float(region.latitude), float(region.longitude), spread)
    point = ServicePoint(
        name=name,
        kind=kind,
        region=region,
        address=f"{region.name}{rng.randint(1, 199)}号",
        latitude=lat,
        longitude=lon,
        phone=f"0898-{rng.randint(20000000, 89999999)}",
    )
    point.follow_region()  # written with bulk_create, which does not call save()
    return point


def _points(rng: random.Random, regions) -> list[County]:
    Kind = ServicePoint.Kind
    plan: list[tuple[Region, ServicePoint, list[ServicePoint], list[ServicePoint]]] = []
    points: list[ServicePoint] = []
    for county, townships in regions:
        centre = _point(rng, county, Kind.COUNTY_CENTRE, f"{county.name}政务服务中心")
        halls, stations = [], []
        for township, villages in townships:
            hall = f"{county.name}{township.name}便民服务中心"
            halls.append(_point(rng, township, Kind.TOWNSHIP_HALL, hall))
            stations += [
                _point(rng, v, Kind.VILLAGE_STATION, f"{township.name}{v.name}便民服务站")
                for v in villages
            ]
            points += [
                _point(
                    rng,
                    township,
                    Kind.SELF_SERVICE,
                    f"{county.name}{township.name}24小时自助服务点{k + 1:02d}",
                    spread=0.05,
                )
                for k in range(KIOSKS_PER_TOWNSHIP)
            ]
        plan.append((county, centre, halls, stations))
        points += [centre, *halls, *stations]
    ServicePoint.objects.bulk_create(points, batch_size=5000)
    OpeningPeriod.objects.bulk_create(_hours(points), batch_size=10000)
    return [County(*entry) for entry in plan]


def _hours(points: list[ServicePoint]):
    for point in points:
        if point.kind == ServicePoint.Kind.SELF_SERVICE:
            periods, days = [(MIDNIGHT, MIDNIGHT)], range(7)
        elif point.kind == ServicePoint.Kind.VILLAGE_STATION:
            periods, days = STATION_HOURS, range(5)
        else:
            periods, days = HALL_HOURS, range(5)
        for day in days:
            for opens, closes in periods:
                yield OpeningPeriod(service_point=point, weekday=day, opens=opens, closes=closes)


def _guide(rng: random.Random, seed: Seed, county: County, n: int, qualifiers) -> GuidePage:
    base = seed.guide
    body = " ".join([seed.body[:300], *rng.sample(qualifiers, 40)])
    return GuidePage(
        title=f"{base.title}（{rng.choice(qualifiers)}）",
        slug=f"{county.region.code[:6]}-{n:04d}",
        code=f"{county.region.code[:6]}-{base.code.split('-')[1]}-{n:04d}",
        other_names=base.other_names,
        summary=body[:200],
        conditions=f"<p>{body}</p>",
        matter_type=base.matter_type,
        implementing_body=base.implementing_body,
        audience=base.audience,
        case_type=base.case_type,
        statutory_days=base.statutory_days,
        promised_days=base.promised_days,
        result=base.result,
        consultation_phone=county.centre.phone,
        online_url=base.online_url,
        offers=[
            *(
                Offer(service_point=p, modes=[HandlingMode.WINDOW], scope=Scope.COUNTY)
                for p in (county.centre, *county.halls)
            ),
            *(
                Offer(service_point=p, modes=[HandlingMode.PROXY], scope=Scope.TOWNSHIP)
                for p in rng.sample(county.stations, STATION_OFFERS)
            ),
        ],
    )


def generate(guides: int = 20_000, progress: Callable[[str], None] = print) -> list[County]:
    """Writes the province; returns its counties. Indexes both engines on commit."""
    rng = random.Random(7)
    vocabulary = seeds()
    words = sorted({w for s in vocabulary for w in text.words(s.body) if len(w) > 1})
    user = get_user_model().objects.filter(is_superuser=True).first()
    catalogue = GuideIndexPage.objects.get()
    with transaction.atomic():
        counties = _points(rng, _regions(rng))
        progress(f"regions and {ServicePoint.objects.count():,} service points written")
        per_county = max(GUIDES_PER_COUNTY, -(-guides // len(counties)))
        for start in range(0, guides, 2_000):
            batch = []
            for n in range(start, min(guides, start + 2_000)):
                county = counties[n // per_county]
                seed = vocabulary[n % len(vocabulary)]
                batch.append((seed, _guide(rng, seed, county, n % per_county, words)))
            pages = add_new([(catalogue, page) for _, page in batch], user, publish=True)
            themes = GuidePage.themes.through
            themes.objects.bulk_create(
                themes(guidepage_id=page.pk, theme_id=theme)
                for (seed, _), page in zip(batch, pages, strict=True)
                for theme in seed.theme_ids
            )
            progress(f"{start + len(batch):,} guides written")
    return counties
