"""Teams, shifts, holidays, members, rules and VIP policies are cached per process (routing.config);
any write to their tables changes the "routing" token, so every process reloads them on its next use."""

from django.db import migrations

from helpdesk.config_cache import ConfigVersionTriggers


class Migration(migrations.Migration):
    dependencies = [("routing", "0004_clean_room"), ("helpdesk", "0007_configversion")]

    operations = [
        ConfigVersionTriggers(
            "routing",
            [
                "routing_team",
                "routing_shift",
                "routing_holiday",
                "routing_teammembership",
                "routing_routingrule",
                "routing_vippolicy",
            ],
        )
    ]
