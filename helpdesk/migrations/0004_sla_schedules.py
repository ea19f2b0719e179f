"""The SLA sweeps run on beat from the database, where admins see when each last ran."""

from django.db import migrations

SCHEDULES = [
    # Live chat targets are counted in seconds, so warnings and breaches are looked for often; the sweep
    # reads only due rows through a partial index, so an idle run costs one index probe.
    ("SLA warnings and breaches", "sla.tasks.sla_sweep_task", 10),
    ("SLA 7-day executive escalation", "sla.tasks.sla_executive_escalation_task", 300),
    ("SLA notification mail not yet sent", "sla.tasks.sla_notifications_outbox_task", 120),
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
    dependencies = [("helpdesk", "0003_livechat_offer_sweep")]
    operations = [migrations.RunPython(create, remove)]
