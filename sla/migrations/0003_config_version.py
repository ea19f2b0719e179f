"""Policies and calendars are cached per process (sla.config); any write to their tables changes the
"sla" token, so every process reloads them on its next use."""

from django.db import migrations

from helpdesk.config_cache import ConfigVersionTriggers


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_default_policies"), ("helpdesk", "0007_configversion")]

    operations = [
        ConfigVersionTriggers(
            "sla",
            [
                "sla_slapolicy",
                "sla_slapolicy_teams",
                "sla_businesscalendar",
                "sla_businesshours",
                "sla_calendarholiday",
                "sla_teamcalendar",
            ],
        )
    ]
