"""The configuration tokens that per-process caches check (helpdesk/config_cache.py)."""

from django.db import migrations, models

from helpdesk.config_cache import PG_FUNCTION, PG_FUNCTION_DROP


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_DROP)


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0006_approvals_schedules")]

    operations = [
        migrations.CreateModel(
            name="ConfigVersion",
            fields=[
                ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(create_function, drop_function),
    ]
