"""Beat runs the surge sweep every 15 minutes, a minute after each bucket closes (so tickets opened
in its last seconds have committed)."""

from django.db import migrations

SCHEDULES = [("Surges in arrivals", "volatility.tasks.surge_sweep_task", "1,16,31,46")]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minutes in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minutes, hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[s[0] for s in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volatility", "0001_surges_and_market_events"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
