"""Every list page of the configuration area takes the same statements for a few rows or many."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from routing.models import Holiday, RoutingRule, Shift, TeamMembership, VipPolicy
from sla.services import DateSpec, HoursSpec, business_calendar_save, sla_policy_save
from tests.factories import make_agent, make_customer, make_team

PAGES = (
    "home",
    "team-list",
    "agent-list",
    "vip-list",
    "account-manager-list",
    "rule-list",
    "sla-policy-list",
    "calendar-list",
)
VIP_LEVELS = ("vip1", "vip2", "vip3", "institutional")


def grow(admin: User, start: int, n: int) -> None:
    """n more of everything the lists show, each with its own children."""
    for i in range(start, start + n):
        team = make_team(name=f"Team {i}", slug=f"team-{i}", skills=["kyc"], languages=["en", "de"])
        agent = make_agent(username=f"agent-{i}")
        TeamMembership.objects.create(team=team, user=agent, is_lead=i % 2 == 0)
        Shift.objects.create(team=team, weekday=i % 7, start=dt.time(8), end=dt.time(16))
        Holiday.objects.create(team=team, date=dt.date(2026, 12, 1 + i % 28))
        make_customer(vip_level=VIP_LEVELS[i % 4], account_manager=agent)
        RoutingRule.objects.create(
            position=i,
            name=f"Rule {i}",
            conditions=[{"field": "vip_rank", "op": "gte", "value": i}],
            actions={},
        )
        if i < len(VIP_LEVELS):
            VipPolicy.objects.create(level=VIP_LEVELS[i], rank=i + 1, priority_boost=1)
        sla_policy_save(actor=admin, fields={"name": f"Policy {i}", "priorities": [1 + i % 4]}, teams=[team])
        business_calendar_save(
            actor=admin,
            fields={"name": f"Calendar {i}", "time_zone": "Europe/Berlin"},
            hours=[HoursSpec(weekday=d, start=dt.time(9), end=dt.time(17)) for d in range(5)],
            holidays=[DateSpec(date=dt.date(2026, 12, 25))],
            teams=[team],
        )


def statements(client: Client) -> dict[str, int]:
    counts = {}
    for name in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"configuration:{name}")).status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_each_list_page_takes_the_same_statements_for_2_rows_or_12(admin: User, admin_client: Client) -> None:
    grow(admin, 0, 2)
    few = statements(admin_client)
    grow(admin, 2, 10)
    many = statements(admin_client)
    assert many == few
    # Session and user, then the page's own reads: measured 9 (home: six counts), 6 (teams), 5 (agents),
    # 4 (VIP policies), 5 (account managers), 4 (rules), 5 (SLA policies), 7 (calendars).
    assert max(many.values()) <= 10, many


@pytest.mark.django_db
def test_the_dry_run_takes_the_same_statements_for_3_recent_tickets_or_15(admin_client: Client) -> None:
    from tests.factories import make_ticket

    def run() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.post(
                reverse("configuration:rule-builder"),
                {
                    "name": "VIPs",
                    "c-count": "1",
                    "c-0-field": "vip_level",
                    "c-0-op": "eq",
                    "c-0-value": "vip1",
                },
            )
        assert "Catches" in response.content.decode()
        return len(queries)

    for _ in range(3):
        make_ticket(customer=make_customer(vip_level="vip1"))
    few = run()
    for _ in range(12):
        make_ticket(customer=make_customer(vip_level="vip1"))
    assert run() == few <= 10
