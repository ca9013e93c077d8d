"""Running the demo set-up again never loses what people saved; starting over is explicit."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from guides.demo.loader import load_demo
from guides.models import GuidePage, ServicePoint, StaffProfile, StaffRole, Theme
from plugins.models import TownshipPlugin

pytestmark = pytest.mark.django_db

FOOD = "469034-XK-001"
YINGZHOU = "469034103000"


def test_load_demo_again_keeps_edits_revisions_snippets_and_settings():
    guide = GuidePage.objects.get(code=FOOD)
    guide.summary = "编辑修改、审核通过的摘要。"
    guide.save_revision().publish()
    revisions = Revision.page_revisions.filter(object_id=str(guide.pk)).count()
    hall = ServicePoint.objects.get(name="黎安镇便民服务中心")
    hall.phone = "0898-83999999"
    hall.save()
    theme = Theme.objects.first()
    theme.name = "编辑改过的主题"
    theme.save()
    TownshipPlugin.objects.filter(plugin_id="village-proxy", township__code=YINGZHOU).update(
        enabled=False
    )
    profile = StaffProfile.objects.get(user__username="reviewer")
    profile.role = StaffRole.COUNTY_ADMIN
    profile.save()
    GuidePage.objects.get(code="469034-XK-002").delete()  # a demo matter someone removed

    load_demo()

    guide = GuidePage.objects.get(code=FOOD)
    assert guide.summary == "编辑修改、审核通过的摘要。"
    assert Revision.page_revisions.filter(object_id=str(guide.pk)).count() == revisions
    assert ServicePoint.objects.get(pk=hall.pk).phone == "0898-83999999"
    assert Theme.objects.get(pk=theme.pk).name == "编辑改过的主题"
    assert not TownshipPlugin.objects.get(
        plugin_id="village-proxy", township__code=YINGZHOU
    ).enabled
    assert StaffProfile.objects.get(user__username="reviewer").role == StaffRole.COUNTY_ADMIN
    assert GuidePage.objects.filter(code="469034-XK-002").exists()  # what is missing is made


def test_reset_says_what_it_replaces_and_brings_the_data_back():
    guide = GuidePage.objects.get(code=FOOD)
    data_summary = guide.summary
    guide.summary = "编辑修改的摘要。"
    guide.save_revision().publish()
    out = StringIO()

    call_command("load_demo", "--reset", stdout=out)

    said = out.getvalue()
    assert "Resetting the demo county" in said and "guides" in said and "service points" in said
    assert GuidePage.objects.get(code=FOOD).summary == data_summary
