"""The email channel's periodic work runs on beat from the database, like every other schedule."""

from django.db import migrations

SCHEDULES = [
    # Each mailbox has its own interval; this tick only looks for the ones that are due.
    ("Mail: poll IMAP mailboxes that are due", "mail.tasks.mail_poll_due_task", 30),
    ("Mail: send replies the broker never delivered", "mail.tasks.mail_outbox_sweep_task", 120),
    ("Mail: process messages stored but never processed", "mail.tasks.mail_process_stalled_task", 120),
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
    dependencies = [("helpdesk", "0004_sla_schedules")]
    operations = [migrations.RunPython(create, remove)]
