"""What is active (incidents.linking._load_active reads the incidents and their current update's
messages) is versioned: any write to those tables changes the "incidents" token, so a process keeps the
list it loaded until the token moves (the chat message reads the token in its locking statement).

The updates' table is left out: the list reads only an update's id and incident, written once with its
row, while a broadcast writes its progress there after every batch; an update deleted takes its
messages with it, which changes the token."""

from django.db import migrations

from helpdesk.config_cache import ConfigVersionTriggers


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_stalled_jobs_schedule"), ("helpdesk", "0007_configversion")]

    operations = [ConfigVersionTriggers("incidents", ["incidents_incident", "incidents_incidentmessage"])]
