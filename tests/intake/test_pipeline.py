"""Each intake step on its own, then the pipeline that runs them in order in one transaction."""

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from approvals.redaction_steps import secret_redacted_step
from approvals.risk_steps import risk_first_step, risk_followup_step
from assistant.steps import assistant_first_step, assistant_followup_step
from casework.services import ticket_set_status
from helpdesk.errors import DomainError
from incidents.steps import incident_step
from intake import pipeline
from intake.language import language_first_step, language_followup_step
from intake.pipeline import Intake, customer_message_add, route, sla, sla_first, ticket_open
from routing.models import AgentStatus, Presence, RoutingRule, Team
from sla.models import SlaPolicy, TicketClock
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team
from tickets.models import Channel, EntryKind, Status, Ticket
from tickets.services import ticket_create_with_entry
from triage.steps import triage_step

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def general(db: None) -> Team:
    return make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True)


@pytest.fixture
def policy(db: None) -> SlaPolicy:
    SlaPolicy.objects.all().delete()
    return SlaPolicy.objects.create(
        name="Everything",
        position=10,
        first_response_target=dt.timedelta(hours=1),
        next_response_target=dt.timedelta(hours=2),
        resolution_target=dt.timedelta(hours=8),
    )


def _written(**fields: Any) -> Ticket:
    """The ticket as the write path alone leaves it, before any intake step."""
    ticket, _entry = ticket_create_with_entry(
        customer=make_customer(), subject="Withdrawal pending", body="Still pending.", **fields
    )
    return ticket


def test_a_new_message_is_triaged_matched_to_incidents_read_by_tier_0_routed_then_its_sla_clock_starts() -> (
    None
):
    first = (
        secret_redacted_step,
        language_first_step,
        triage_step,
        incident_step,
        assistant_first_step,
        risk_first_step,
        route,
        sla_first,
    )
    assert first == pipeline.NEW_TICKET_STEPS
    followup = (
        secret_redacted_step,
        language_followup_step,
        triage_step,
        incident_step,
        assistant_followup_step,
        risk_followup_step,
        sla,
    )
    assert followup == pipeline.CUSTOMER_MESSAGE_STEPS


def test_the_write_path_alone_neither_routes_nor_starts_a_clock(general: Team, policy: SlaPolicy) -> None:
    ticket = _written()
    ticket.refresh_from_db()
    assert ticket.team_id is None
    assert not TicketClock.objects.filter(ticket=ticket).exists()


def test_the_route_step_puts_a_case_without_a_team_in_one(general: Team) -> None:
    ticket = _written()
    route(ticket, Intake(now=ticket.created_at))
    ticket.refresh_from_db()
    assert ticket.team_id == general.pk
    assert ticket.routing


def test_the_route_step_sends_a_case_no_rule_decides_to_the_callers_default_team(general: Team) -> None:
    mailbox_team = make_team(name="Payments", slug="payments", tier=1, languages=["en"])
    ticket = _written()
    route(ticket, Intake(now=ticket.created_at, default_team=mailbox_team))
    ticket.refresh_from_db()
    assert ticket.team_id == mailbox_team.pk


def test_the_route_step_leaves_a_case_whose_caller_chose_its_team(general: Team) -> None:
    chosen = make_team(name="Wallets", slug="wallets", tier=1, languages=["en"])
    ticket = _written(team=chosen)
    route(ticket, Intake(now=ticket.created_at))
    ticket.refresh_from_db()
    assert ticket.team_id == chosen.pk
    assert ticket.routing == {}


def test_the_route_step_does_nothing_when_the_caller_routes_on_its_own_terms(general: Team) -> None:
    ticket = _written()
    route(ticket, Intake(now=ticket.created_at, route=False))
    ticket.refresh_from_db()
    assert ticket.team_id is None


def test_the_sla_step_starts_the_clock_of_a_new_ticket(general: Team, policy: SlaPolicy) -> None:
    ticket = _written()
    sla(ticket, Intake(now=ticket.created_at))
    clock = TicketClock.objects.get(ticket=ticket)
    assert clock.policy_id == policy.pk
    assert clock.opened_at == ticket.created_at
    assert clock.first_response_due_at == ticket.created_at + dt.timedelta(hours=1)


def test_opening_a_ticket_routes_it_and_starts_its_clock(general: Team, policy: SlaPolicy) -> None:
    ticket = ticket_open(customer=make_customer(), subject="Deposit missing", body="Not credited.")
    ticket.refresh_from_db()
    assert ticket.team_id == general.pk
    assert TicketClock.objects.get(ticket=ticket).policy_id == policy.pk


def test_the_route_step_without_push_gives_a_team_and_leaves_the_case_unassigned(general: Team) -> None:
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=general, user=agent)
    AgentStatus.objects.create(user=agent, presence=Presence.ONLINE, last_seen_at=timezone.now())
    pushed = _written()
    route(pushed, Intake(now=pushed.created_at))
    offered = _written()
    route(offered, Intake(now=offered.created_at, push=False))
    pushed.refresh_from_db()
    offered.refresh_from_db()
    assert pushed.assignee_id == agent.pk
    assert (offered.team_id, offered.assignee_id) == (general.pk, None)


def test_a_live_chat_is_routed_by_the_pipeline_before_its_clock_starts_on_its_team(
    general: Team, policy: SlaPolicy
) -> None:
    chats = make_team(name="Chat", slug="chat", tier=1, languages=["en"])
    RoutingRule.objects.create(
        name="Chats to the chat team",
        position=1,
        conditions=[{"field": "channel", "op": "in", "value": ["chat"]}],
        actions={"team": "chat"},
    )
    for_chats = SlaPolicy.objects.create(
        name="Chats", position=1, first_response_target=dt.timedelta(minutes=2)
    )
    for_chats.teams.set([chats])
    ticket = ticket_open(
        customer=make_customer(), subject="Chat", body="Hello?", channel=Channel.CHAT, seq=1, push=False
    )
    ticket.refresh_from_db()
    assert (ticket.team_id, ticket.assignee_id) == (chats.pk, None)
    clock = TicketClock.objects.get(ticket=ticket)
    assert clock.policy_id == for_chats.pk
    assert clock.first_response_due_at == ticket.created_at + dt.timedelta(minutes=2)


def test_a_failing_step_writes_nothing_of_the_new_ticket(
    general: Team, policy: SlaPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ticket: Ticket, intake: Intake) -> None:
        raise RuntimeError("step failed")

    monkeypatch.setattr(pipeline, "NEW_TICKET_STEPS", (route, broken))
    # The caller's transaction (the test's, as a view's own would be) is the one that rolls back.
    with pytest.raises(RuntimeError), transaction.atomic():
        ticket_open(customer=make_customer(), subject="Deposit missing", body="Not credited.")
    assert not Ticket.objects.exists()


def test_a_caller_that_swallows_a_failing_step_cannot_commit_half_a_ticket(
    general: Team, policy: SlaPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ticket: Ticket, intake: Intake) -> None:
        raise DomainError("step refused")

    monkeypatch.setattr(pipeline, "NEW_TICKET_STEPS", (route, broken))
    with transaction.atomic():
        # No savepoint is taken for the pipeline inside a caller's transaction: the caller's is doomed.
        with pytest.raises(DomainError):
            ticket_open(customer=make_customer(), subject="Deposit missing", body="Not credited.")
        assert transaction.get_rollback()
    assert not Ticket.objects.exists()


def test_a_refused_ticket_leaves_the_callers_transaction_usable(general: Team, policy: SlaPolicy) -> None:
    with transaction.atomic():
        with pytest.raises(DomainError):
            ticket_open(customer=make_customer(), subject=" ", body="Not credited.")
        assert not transaction.get_rollback()
        assert not Ticket.objects.exists()


def test_a_customer_message_reopens_a_solved_ticket_and_restarts_its_clock(
    general: Team, policy: SlaPolicy
) -> None:
    ticket = ticket_open(customer=make_customer(), subject="Deposit missing", body="Not credited.")
    ticket_set_status(ticket=ticket, actor=None, status=Status.OPEN)
    ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    assert TicketClock.objects.get(ticket=ticket).state != "running"
    entry = customer_message_add(ticket=ticket, body="It is still not there.")
    assert entry.kind == EntryKind.CUSTOMER_MESSAGE
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert TicketClock.objects.get(ticket=ticket).state == "running"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_ticket_core_calls_neither_routing_sla_nor_the_pipeline() -> None:
    # The core writes; the pipeline decides what follows a customer's message, casework what follows an
    # agent's change. tests/intake/test_app_layers.py walks every app; this is the one a newcomer looks for.
    for path in (ROOT / "tickets").rglob("*.py"):
        imported = _imported_modules(path)
        assert not {m for m in imported if m.split(".")[0] in {"routing", "sla", "intake", "casework"}}, path
