# The embedded index as bitmaps: one row per term instead of one per term and guide. The index
# is derived data, so its tables are replaced, not converted; after migrating, fill it with
# `python manage.py search_index rebuild --engine database`.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_term_index_covers_guide"),
    ]

    operations = [
        migrations.DeleteModel(name="IndexTerm"),
        migrations.DeleteModel(name="IndexedGuide"),
        migrations.CreateModel(
            name="IndexedGuide",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("number", models.PositiveIntegerField(unique=True)),
                ("code", models.CharField(max_length=40)),
                ("title", models.CharField(max_length=255)),
                ("url", models.CharField(max_length=255)),
                ("aliases", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("terms", models.TextField(blank=True)),
            ],
        ),
        migrations.CreateModel(
            name="IndexBitmap",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Name Chars"),
                            (2, "Body Chars"),
                            (3, "Name Word"),
                            (4, "Body Word"),
                            (5, "Sound"),
                            (6, "Pinyin"),
                            (7, "Code"),
                            (8, "Name"),
                            (9, "Facet"),
                        ]
                    ),
                ),
                ("term", models.CharField(max_length=160)),
                ("guides", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "term"), name="search_bitmap_kind_term")
                ],
            },
        ),
        migrations.CreateModel(
            name="IndexSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("next_number", models.PositiveIntegerField(default=0)),
            ],
        ),
    ]
