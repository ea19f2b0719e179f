"""Two-person approval's periodic work: pending requests expire, and approved ones whose cooling-off is
over are sent even when the task queued for them was lost."""

from django.db import migrations

SCHEDULES = [
    (
        "Approvals: expire pending requests past their expiry",
        "approvals.tasks.approvals_expire_sweep_task",
        60,
    ),
    ("Approvals: send approved actions that are due", "approvals.tasks.approvals_due_sweep_task", 60),
]


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, seconds in SCHEDULES:
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[s[0] for s in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0005_mail_schedules"),
        ("approvals", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
