"""The data model and its validation, independent of any view."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from guides.models import (
    GuidePage,
    Material,
    Offer,
    OpeningException,
    OpeningPeriod,
    Region,
    ServicePoint,
)
from tests import builders

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour, minute=0, tz=SHANGHAI) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def field_errors(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


class TestRegion:
    def test_code_must_have_twelve_digits(self):
        region = Region(code="46903410", name="黎安镇", level="township", parent=None)
        assert "code" in field_errors(region)

    def test_township_needs_a_county_parent(self):
        region = Region(code="469034108999", name="无上级", level="township")
        assert "parent" in field_errors(region)

    def test_village_code_shares_the_township_prefix(self):
        township = builders.township("469034108000")
        village = Region(code="469034107201", name="错号村", level="village", parent=township)
        errors = field_errors(village)
        assert "469034108" in errors["code"][0]

    def test_parent_must_be_one_level_up(self):
        county = Region.objects.get(code="469034000000")
        village = Region(code="469034108299", name="越级村", level="village", parent=county)
        assert "parent" in field_errors(village)

    def test_township_and_county_of_a_village(self):
        village = Region.objects.filter(level="village").select_related("parent").first()
        assert village.township == village.parent
        assert village.county.code == "469034000000"


class TestServicePoint:
    def test_coordinates_out_of_range_are_refused_on_their_fields(self):
        point = ServicePoint(
            name="坐标错误",
            kind="township_hall",
            region=builders.township(),
            address="某路",
            latitude="91",
            longitude="-181",
        )
        errors = field_errors(point)
        assert "-90 到 90" in errors["latitude"][0]
        assert "-180 到 180" in errors["longitude"][0]

    def test_a_township_hall_belongs_to_a_township(self):
        point = ServicePoint(
            name="错级",
            kind="township_hall",
            region=Region.objects.get(code="469034000000"),
            address="某路",
            latitude="18.5",
            longitude="110.0",
        )
        assert "region" in field_errors(point)

    def test_a_point_keeps_the_township_and_county_of_its_region(self):
        village = Region.objects.filter(level="village").first()
        point = builders.service_point(village, kind="village_station")
        assert (point.township, point.county) == (village.parent, village.parent.parent)
        point.kind, point.region = "county_centre", village.parent.parent
        point.save()
        point.refresh_from_db()
        assert (point.township, point.county) == (None, village.parent.parent)

    def test_points_follow_a_township_moved_to_another_county(self):
        township = builders.township()
        points = list(ServicePoint.objects.filter(Q(region=township) | Q(region__parent=township)))
        assert {p.kind for p in points} >= {"township_hall", "village_station"}
        other = Region.objects.create(code="469035000000", name="邻县", level="county")
        township.parent = other
        township.save()
        for point in points:
            point.refresh_from_db()
            assert (point.township, point.county) == (township, other), point

    def test_closing_before_opening_is_refused(self):
        period = OpeningPeriod(weekday=0, opens=dt.time(14, 30), closes=dt.time(12, 0))
        with pytest.raises(ValidationError) as caught:
            period.clean()
        assert "closes" in caught.value.message_dict

    def test_midnight_closing_is_allowed(self):
        OpeningPeriod(weekday=0, opens=dt.time(20, 0), closes=dt.time(0, 0)).clean()

    def test_an_exception_is_either_closed_or_has_times(self):
        with pytest.raises(ValidationError) as caught:
            OpeningException(date=dt.date(2026, 10, 1), reason="国庆节").clean()
        assert set(caught.value.message_dict) == {"opens", "closes"}
        with pytest.raises(ValidationError):
            OpeningException(
                date=dt.date(2026, 10, 1), reason="国庆节", closed=True, opens=dt.time(8)
            ).clean()


class TestOpenNow:
    @pytest.fixture
    def hall(self):
        point = builders.service_point(builders.township())
        for weekday in range(5):
            builders.weekly_hours(point, (weekday, "08:00", "12:00"), (weekday, "14:30", "17:30"))
        return point

    def test_weekly_periods_with_a_lunch_break(self, hall):
        monday = (2026, 11, 23)
        assert not hall.is_open_at(at(*monday, 7, 59))
        assert hall.is_open_at(at(*monday, 8, 0))
        assert not hall.is_open_at(at(*monday, 12, 0))
        assert hall.is_open_at(at(*monday, 15, 0))
        assert not hall.is_open_at(at(*monday, 17, 30))
        assert not hall.is_open_at(at(2026, 11, 28, 10))  # Saturday

    def test_reckoned_in_shanghai_time_whatever_the_clock_zone(self, hall):
        # 01:00 UTC on a Monday is 09:00 in Lingshui.
        assert hall.is_open_at(at(2026, 11, 23, 1, tz=dt.UTC))
        assert not hall.is_open_at(at(2026, 11, 23, 5, tz=dt.UTC))  # 13:00, lunch

    def test_holiday_exception_closes_a_working_day(self, hall):
        builders.exception(hall, dt.date(2026, 10, 1), "国庆节", closed=True)
        assert not hall.is_open_at(at(2026, 10, 1, 9))
        assert hall.is_open_at(at(2026, 10, 9, 9))  # the Friday after: weekly hours again

    def test_special_opening_on_a_weekend(self, hall):
        saturday = dt.date(2026, 9, 26)
        builders.exception(hall, saturday, "调休上班", opens=dt.time(8), closes=dt.time(12))
        assert hall.is_open_at(at(2026, 9, 26, 9))
        assert not hall.is_open_at(at(2026, 9, 26, 15))

    def test_across_midnight(self):
        kiosk = builders.service_point(builders.township(), name="夜间自助区", kind="self_service")
        # Open Monday evening through to 02:00 on Tuesday.
        builders.weekly_hours(kiosk, (0, "20:00", "00:00"), (1, "00:00", "02:00"))
        assert kiosk.is_open_at(at(2026, 11, 23, 23, 59))
        assert kiosk.is_open_at(at(2026, 11, 24, 0, 0))
        assert kiosk.is_open_at(at(2026, 11, 24, 1, 59))
        assert not kiosk.is_open_at(at(2026, 11, 24, 2, 0))
        assert not kiosk.is_open_at(at(2026, 11, 23, 19, 59))

    def test_holiday_on_a_day_open_around_the_clock(self):
        kiosk = builders.service_point(builders.township(), name="全天自助区", kind="self_service")
        builders.weekly_hours(kiosk, *[(day, "00:00", "00:00") for day in range(7)])
        assert kiosk.is_open_at(at(2027, 2, 6, 3))
        builders.exception(kiosk, dt.date(2027, 2, 6), "系统维护", closed=True)
        kiosk = type(kiosk).objects.get(pk=kiosk.pk)
        assert not kiosk.is_open_at(at(2027, 2, 6, 3))
        assert kiosk.is_open_at(at(2027, 2, 7, 0, 0))


class TestGuide:
    def test_a_conditional_material_needs_its_condition(self):
        material = Material(name="委托书", form="original", requirement="conditional")
        with pytest.raises(ValidationError) as caught:
            material.clean()
        assert "condition" in caught.value.message_dict

    def test_duplicate_matter_code_is_refused(self):
        existing = GuidePage.objects.live().first()
        page = GuidePage(
            title="重复",
            code=existing.code,
            matter_type="public_service",
            implementing_body="某局",
            conditions="<p>x</p>",
            case_type="immediate",
            promised_days=0,
            result="x",
            consultation_phone="12345",
        )
        assert "code" in field_errors(page)

    @pytest.mark.parametrize(
        ("case_type", "statutory", "promised", "message"),
        [
            ("immediate", None, 5, "时限应为 0"),
            ("promised", 20, None, "承诺办结的工作日数"),
            ("promised", 10, 15, "不能超过法定办结时限"),
        ],
    )
    def test_time_limits_must_agree_with_the_case_type(
        self, case_type, statutory, promised, message
    ):
        page = GuidePage(
            title="时限",
            code="469034-QT-950",
            matter_type="public_service",
            implementing_body="某局",
            conditions="<p>x</p>",
            case_type=case_type,
            statutory_days=statutory,
            promised_days=promised,
            result="x",
            consultation_phone="12345",
        )
        assert message in field_errors(page)["promised_days"][0]

    def test_the_address_follows_the_matter_code(self):
        page = builders.guide("469034-QT-902", title="地址测试")
        assert page.url.endswith("/guides/469034-qt-902/")

    def test_handling_modes_come_from_offers_and_the_online_address(self):
        page = GuidePage.objects.live().filter(offers__modes__contains="cross_township").first()
        if page is None:  # JSON containment is PostgreSQL-only; the suite runs on it.
            pytest.fail("the demo county has no cross-township offer")
        assert "cross_township" in page.handling_modes
        modes = builders.guide("469034-QT-903", online_url="https://example.org/x").handling_modes
        assert modes == ["online"]

    def test_unknown_handling_mode_is_refused(self):
        offer = Offer.objects.first()
        offer.modes = ["window", "teleport"]
        with pytest.raises(ValidationError) as caught:
            offer.full_clean()
        assert "teleport" in caught.value.message_dict["modes"][0]


class TestOfferScope:
    """赋权乡镇: who may a point serve? (the platform's core promise)"""

    def offer_at(self, kind: str, scope: str) -> Offer:
        offer = (
            Offer.objects.filter(service_point__kind=kind, scope=scope)
            .select_related("service_point__region__parent")
            .first()
        )
        assert offer is not None, f"the demo county has no {scope} offer at a {kind}"
        return offer

    def test_county_wide_cross_township_offer_serves_every_township(self):
        offer = self.offer_at("township_hall", "county")
        for township in Region.objects.filter(level="township"):
            assert offer.serves(township), township

    def test_township_only_offer_serves_only_its_own_residents(self):
        offer = self.offer_at("village_station", "township")
        own = offer.service_point.township
        assert offer.serves(own)
        others = Region.objects.filter(level="township").exclude(pk=own.pk)
        assert not any(offer.serves(township) for township in others)

    def test_partner_offer_serves_listed_partners(self):
        offer = self.offer_at("township_hall", "county")
        offer.scope = "partners"
        own = offer.service_point.township
        partner = Region.objects.filter(level="township").exclude(pk=own.pk).first()
        stranger = Region.objects.filter(level="township").exclude(pk__in=[own.pk, partner.pk])[0]
        offer.partner_regions.set([partner])
        assert offer.serves(own)
        assert offer.serves(partner)
        assert not offer.serves(stranger)

    def test_window_must_exist_at_the_point(self):
        offer = self.offer_at("township_hall", "county")
        offer.window = "不存在的窗口"
        with pytest.raises(ValidationError) as caught:
            offer.clean()
        assert "跨镇通办窗口" in caught.value.message_dict["window"][0]
