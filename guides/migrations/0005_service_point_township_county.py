import django.db.models.deletion
from django.db import migrations, models


def follow_regions(apps, schema_editor):
    """Each point's township and county, from its region (ServicePoint.follow_region)."""
    ServicePoint = apps.get_model("guides", "ServicePoint")
    points = ServicePoint.objects.select_related("region__parent__parent")
    for point in points.iterator(chunk_size=2000):
        region = point.region
        if region.level == "county":
            point.township, point.county = None, region
        elif region.level == "township":
            point.township, point.county = region, region.parent
        else:
            point.township, point.county = region.parent, region.parent.parent
        point.save(update_fields=["township", "county"])


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0004_region_level_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicepoint",
            name="county",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="guides.region",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="servicepoint",
            name="township",
            field=models.ForeignKey(
                editable=False,
                help_text="None for a county-level point.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="guides.region",
                verbose_name="township",
            ),
        ),
        migrations.RunPython(follow_regions, migrations.RunPython.noop),
    ]
