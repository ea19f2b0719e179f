"""`manage.py seed_tickets N`: synthetic tickets in bulk for benchmarks, each with its first message."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from customers.models import Customer
from routing.models import Tier
from routing.services import CATEGORY_SKILL, vip_policy
from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory
from tickets.models import Channel, EntryKind, Priority, Status, Ticket, TimelineEntry
from workspace.management.synthetic import SYNTHETIC_PREFIX, TICKET_FIELDS

pytestmark = pytest.mark.django_db

# The fast path of the database under test, and the portable one.
METHODS = ["copy" if connection.vendor == "postgresql" else "raw", "orm"]


def seed(count: int, *args: str) -> str:
    out = io.StringIO()
    call_command("seed_tickets", count, *args, "--seed", "7", "--verbosity", "0", stdout=out)
    return out.getvalue()


@pytest.fixture
def teams() -> None:
    for tier in (Tier.GENERAL, Tier.SPECIALIST):
        team = TeamFactory(tier=tier)
        for _ in range(2):
            TeamMembershipFactory(team=team, user=AgentFactory())


@pytest.mark.parametrize("method", METHODS)
def test_each_seeded_ticket_has_exactly_its_customers_first_message(teams: None, method: str) -> None:
    seed(300, "--method", method, "--batch-size", "64")

    assert Ticket.objects.count() == 300
    assert TimelineEntry.objects.count() == 300
    for ticket in Ticket.objects.prefetch_related("entries"):
        (entry,) = ticket.entries.all()
        assert entry.kind == EntryKind.CUSTOMER_MESSAGE
        assert entry.customer_id == ticket.customer_id
        assert entry.channel == ticket.channel
        assert entry.created_at == ticket.created_at
        assert entry.body


@pytest.mark.parametrize("method", METHODS)
def test_seeded_tickets_fill_every_column_they_do_not_set_with_the_model_default(
    teams: None, method: str
) -> None:
    seed(20, "--method", method)

    unset = [f for f in Ticket._meta.concrete_fields if f.attname not in TICKET_FIELDS]
    for ticket in Ticket.objects.all():
        for field in unset:
            assert getattr(ticket, field.attname) == field.get_default(), field.name


def test_seeded_tickets_spread_over_every_status_channel_priority_and_team(teams: None) -> None:
    seed(1500, "--days", "2")

    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Ticket.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Ticket.objects.values_list("priority", flat=True)) == set(Priority.values)
    assert Ticket.objects.filter(team__isnull=True).exists()
    assert Ticket.objects.values("team").distinct().count() == 3


def test_seeded_tickets_carry_the_skill_and_vip_rank_routing_would_give_them(teams: None) -> None:
    seed(300, "--customers", "100")

    for ticket in Ticket.objects.select_related("customer"):
        assert ticket.skill == CATEGORY_SKILL.get(ticket.category, "")
        assert ticket.vip_rank == vip_policy(ticket.customer.vip_level)[0]
    assert Ticket.objects.filter(vip_rank__gt=0).exists()


def test_seeded_timestamps_and_assignees_agree_with_each_ticket_status(teams: None) -> None:
    seed(1000, "--days", "30")
    now = timezone.now()

    for ticket in Ticket.objects.select_related("team"):
        assert ticket.created_at <= ticket.updated_at <= now
        if ticket.assignee_id is not None:
            assert ticket.team is not None and ticket.team.members.filter(pk=ticket.assignee_id).exists()
            assert ticket.tier == ticket.team.tier
        if ticket.status == Status.NEW:
            assert ticket.assignee_id is None and ticket.first_response_at is None
            continue
        # Each step of the workflow happens after the one before it.
        steps = [ticket.created_at, ticket.first_response_at]
        if ticket.status in (Status.SOLVED, Status.CLOSED):
            steps.append(ticket.solved_at)
        if ticket.status == Status.CLOSED:
            steps.append(ticket.closed_at)
        assert None not in steps, ticket.status
        assert steps == sorted(steps), ticket.status  # type: ignore[type-var]
    created = list(Ticket.objects.order_by("pk").values_list("created_at", flat=True))
    assert created == sorted(created)


def test_a_seeding_run_writes_one_audit_record_with_its_count() -> None:
    before = AuditEvent.objects.count()

    seed(250)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="tickets.seeded")
    assert event.after is not None and event.after["count"] == 250
    ids = Ticket.objects.values_list("pk", flat=True)
    assert (event.after["first_id"], event.after["last_id"]) == (min(ids), max(ids))
    assert event.actor_label == "system:seed_tickets"


def test_a_second_run_reuses_the_customer_pool() -> None:
    seed(200, "--customers", "40")
    pool = set(Customer.objects.values_list("pk", flat=True))

    seed(200, "--customers", "40")

    assert set(Customer.objects.values_list("pk", flat=True)) == pool
    assert len(pool) == 40
    assert all(
        external_id.startswith(SYNTHETIC_PREFIX)
        for external_id in Customer.objects.values_list("external_id", flat=True)
    )
    assert Ticket.objects.count() == 400


def test_seed_tickets_refuses_more_than_a_million_or_fewer_than_one() -> None:
    with pytest.raises(CommandError, match="between 1 and 1,000,000"):
        seed(1_000_001)
    with pytest.raises(CommandError):
        seed(0)

    assert not Ticket.objects.exists()


def test_seed_tickets_refuses_a_method_the_database_cannot_run() -> None:
    other = "raw" if connection.vendor == "postgresql" else "copy"

    with pytest.raises(CommandError, match="does not work"):
        seed(10, "--method", other)

    assert not Ticket.objects.exists()
