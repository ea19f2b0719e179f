"""The audit log's monthly partitions are prepared ahead of time once a day (audit/partitions.py)."""

from django.db import migrations

NAME = "Audit: prepare the coming months' partitions"
TASK = "audit.tasks.audit_partitions_ensure_task"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="days")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": interval})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0007_configversion"),
        ("audit", "0004_partition_events_by_month"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
