from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_ticket_created_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MetricRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("metric", models.CharField(max_length=48, verbose_name="metric")),
                ("dimension", models.CharField(max_length=16, verbose_name="breakdown")),
                ("day", models.DateField(verbose_name="day")),
                ("key", models.CharField(blank=True, max_length=64, verbose_name="key")),
                ("numerator", models.FloatField(default=0)),
                ("denominator", models.BigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(verbose_name="updated")),
            ],
            options={
                "verbose_name": "daily metric figures",
                "verbose_name_plural": "daily metric figures",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("metric", "dimension", "day", "key"), name="reports_metric_rollup_unique"
                    )
                ],
            },
        ),
    ]
