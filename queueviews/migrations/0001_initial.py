import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("routing", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=32, primary_key=True, serialize=False))],
        ),
        migrations.CreateModel(
            name="SavedView",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                (
                    "scope",
                    models.CharField(
                        choices=[("shared", "Shared"), ("personal", "Personal")],
                        default="personal",
                        max_length=16,
                        verbose_name="scope",
                    ),
                ),
                ("filters", models.JSONField(blank=True, default=dict, verbose_name="filters")),
                ("sort", models.CharField(default="updated", max_length=16, verbose_name="sort by")),
                (
                    "direction",
                    models.CharField(
                        choices=[("asc", "Ascending"), ("desc", "Descending")],
                        default="desc",
                        max_length=4,
                        verbose_name="direction",
                    ),
                ),
                ("columns", models.JSONField(blank=True, default=list, verbose_name="columns")),
                ("created_at", models.DateTimeField(verbose_name="created")),
                ("updated_at", models.DateTimeField(verbose_name="updated")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_views",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_views",
                        to="routing.team",
                        verbose_name="team",
                    ),
                ),
            ],
            options={
                "verbose_name": "saved view",
                "verbose_name_plural": "saved views",
                "ordering": ["scope", "name", "id"],
                "indexes": [models.Index(fields=["owner", "scope"], name="savedview_owner_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("scope", "shared"), ("owner__isnull", True))
                        | models.Q(("scope", "personal"), ("owner__isnull", False), ("team__isnull", True)),
                        name="savedview_owner_matches_scope",
                    )
                ],
            },
        ),
    ]
