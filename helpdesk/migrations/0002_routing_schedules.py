from django.db import migrations

SCHEDULES = [
    ("Expire stale agent presence", "routing.tasks.presence_expire_task", 30),
    ("Overflow cases past their wait target", "routing.tasks.routing_overflow_sweep_task", 30),
]


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, seconds in SCHEDULES:
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_periodic_tasks")]
    operations = [migrations.RunPython(create, remove)]
