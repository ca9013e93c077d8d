"""Every statement of the self check has its reason, also where no plugin says anything."""

import pytest

pytestmark = pytest.mark.django_db

LIAN = "469034108000"  # 黎安镇


def test_the_time_limit_and_the_nearest_place_say_why(self_check):
    result = self_check("469034-JF-001", LIAN)  # 最低生活保障: a promised matter
    assert f"本事项承诺自受理之日起 {result.time_limit_days} 个工作日内办结。" in result.reasons
    nearest = result.places[0]
    reason = next(r for r in result.reasons if r.startswith("离您最近的可办理地点是"))
    assert nearest.point.name in reason
    assert nearest.distance in reason and nearest.window_label in reason


def test_an_immediate_matter_says_it_is_decided_on_the_spot(self_check):
    result = self_check("469034-XK-004", LIAN)  # 食品经营许可: done the same day at 黎安镇
    assert result.immediate
    assert "本事项为即办件，材料齐全即可当场办结。" in result.reasons
