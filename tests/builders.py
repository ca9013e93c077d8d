"""Small builders for objects the tests need beyond the demo county."""

import datetime as dt

from wagtail.models import Page

from guides.models import (
    GuideIndexPage,
    GuidePage,
    OpeningException,
    OpeningPeriod,
    Region,
    ServicePoint,
)


def township(code: str = "469034108000") -> Region:
    return Region.objects.get(code=code)


def service_point(region: Region, **fields) -> ServicePoint:
    values = {
        "name": "测试便民服务中心",
        "kind": ServicePoint.Kind.TOWNSHIP_HALL,
        "address": "测试路1号",
        "latitude": "18.40",
        "longitude": "110.00",
        **fields,
    }
    point = ServicePoint(region=region, **values)
    point.full_clean()
    point.save()
    return point


def weekly_hours(point: ServicePoint, *periods: tuple[int, str, str]) -> None:
    for weekday, opens, closes in periods:
        OpeningPeriod.objects.create(
            service_point=point,
            weekday=weekday,
            opens=dt.time.fromisoformat(opens),
            closes=dt.time.fromisoformat(closes),
        )


def exception(point: ServicePoint, day: dt.date, reason: str, **fields) -> OpeningException:
    return OpeningException.objects.create(service_point=point, date=day, reason=reason, **fields)


def guide(code: str = "469034-QT-901", **fields) -> GuidePage:
    """A minimal valid guide, published under the demo catalogue."""
    values = {
        "title": "测试事项",
        "code": code,
        "matter_type": "public_service",
        "implementing_body": "陵水黎族自治县政务服务中心",
        "conditions": "<p>本县居民</p>",
        "case_type": "immediate",
        "promised_days": 0,
        "result": "办结通知",
        "consultation_phone": "0898-83312345",
        **fields,
    }
    index = GuideIndexPage.objects.get()
    page = GuidePage(**values)
    index.add_child(instance=page)
    page.save_revision().publish()
    return GuidePage.objects.get(pk=page.pk)


def home() -> Page:
    return Page.objects.get(depth=2)
