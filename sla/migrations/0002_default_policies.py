"""Default SLA policies for an exchange's support desk; admins tune them in the admin.

Targets are business time on the team's calendar (a team without one works 24/7). The first policy
that matches a case by position applies; "Standard" catches the rest.
"""

import datetime as dt

from django.db import migrations

MIN = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
VIP = ["vip1", "vip2", "vip3", "institutional"]
URGENT = 4

POLICIES = [
    {
        "position": 10,
        "name": "Urgent security cases",
        "priorities": [URGENT],
        "categories": ["security", "account_access"],
        "first_response_target": 15 * MIN,
        "next_response_target": 30 * MIN,
        "resolution_target": 4 * HOUR,
        "breach_raise_priority": True,
        "breach_escalate": True,
    },
    {
        "position": 20,
        "name": "VIP live chat",
        "channels": ["chat"],
        "vip_levels": VIP,
        "first_response_target": dt.timedelta(seconds=30),
        "next_response_target": dt.timedelta(seconds=60),
        "resolution_target": 2 * HOUR,
        "breach_raise_priority": True,
    },
    {
        "position": 30,
        "name": "Live chat",
        "channels": ["chat"],
        "first_response_target": dt.timedelta(seconds=60),
        "next_response_target": 2 * MIN,
        "resolution_target": 4 * HOUR,
        "breach_raise_priority": True,
    },
    {
        "position": 40,
        "name": "VIP email",
        "channels": ["email", "web", "social", "api"],
        "vip_levels": VIP,
        "first_response_target": HOUR,
        "next_response_target": 2 * HOUR,
        "resolution_target": 24 * HOUR,
        "breach_raise_priority": True,
        "breach_escalate": True,
    },
    {
        "position": 50,
        "name": "Urgent cases",
        "priorities": [URGENT],
        "first_response_target": HOUR,
        "next_response_target": 2 * HOUR,
        "resolution_target": 8 * HOUR,
        "breach_raise_priority": False,
        "breach_escalate": True,
    },
    {
        "position": 60,
        "name": "Email",
        "channels": ["email"],
        "first_response_target": 4 * HOUR,
        "next_response_target": 8 * HOUR,
        "resolution_target": 72 * HOUR,
        "breach_raise_priority": True,
    },
    {
        # A call an agent logs was answered on the phone: only what follows is timed.
        "position": 70,
        "name": "Phone",
        "channels": ["phone"],
        "first_response_target": None,
        "next_response_target": 8 * HOUR,
        "resolution_target": 72 * HOUR,
    },
    {
        "position": 1000,
        "name": "Standard",
        "is_default": True,
        "first_response_target": 4 * HOUR,
        "next_response_target": 8 * HOUR,
        "resolution_target": 72 * HOUR,
    },
]


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    if SlaPolicy.objects.exists():
        return
    for spec in POLICIES:
        SlaPolicy.objects.create(**spec)


def unseed(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(name__in=[p["name"] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
