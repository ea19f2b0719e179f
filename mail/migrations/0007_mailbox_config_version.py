from django.db import migrations

from helpdesk.config_cache import ConfigVersionTriggers


class Migration(migrations.Migration):
    """The support addresses are configuration: processing reads them once per process and checks a
    token (helpdesk/config_cache.py) that every write to the mailboxes replaces."""

    dependencies = [("mail", "0006_acknowledgement_held"), ("helpdesk", "0007_configversion")]

    operations = [ConfigVersionTriggers("mail", ["mail_mailbox"])]
