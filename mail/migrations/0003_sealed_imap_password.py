# Mailbox passwords are encrypted at rest from here on; the ones already stored are encrypted now.

from django.db import migrations

import mail.sealing


def seal_existing(apps, schema_editor):
    Mailbox = apps.get_model("mail", "Mailbox")
    for mailbox in Mailbox.objects.exclude(imap_password=""):
        # Reading gives the clear value (legacy rows are clear already); saving seals it.
        mailbox.save(update_fields=["imap_password"])


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0002_outside_reply"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailbox",
            name="imap_password",
            field=mail.sealing.SealedCharField(blank=True, verbose_name="IMAP password"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
