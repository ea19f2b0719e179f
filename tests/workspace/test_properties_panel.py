"""The ticket page's properties panel (one form, one Save) and the composer's "Send as <status>"."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from casework.services import ticket_set_status, ticket_update
from macros.services import macro_create
from routing.models import Tier
from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory, TicketFactory
from tests.workspace.test_ticket_page_statements import TICKET_PAGE_STATEMENTS
from tickets.models import Category, EntryKind, Priority, Status

pytestmark = pytest.mark.django_db

# The panel's save of five fields (60 measured): session and user, the ticket and its tags, the form's
# choices and custom fields, the bounded lock wait; per service its savepoint, row lock, write, timeline
# event and audit record; the SLA clock after the edit and after the status (six statements each).
PANEL_SAVE_STATEMENTS = 60


def _panel(ticket: Any) -> str:
    return reverse("tickets:ticket-properties", args=[ticket.pk])


def _send(ticket: Any) -> str:
    return reverse("tickets:entry-create", args=[ticket.pk])


def _as_seen(ticket: Any, tags: str = "") -> dict[str, Any]:
    """The panel as the browser posts it unchanged: each field, and its hidden "initial-" twin holding
    what the agent saw."""
    seen = {
        "status": ticket.status,
        "priority": ticket.priority,
        "team": ticket.team_id or "",
        "assignee": ticket.assignee_id or "",
        "category": ticket.category,
        "tags": tags,
        "subject": ticket.subject,
    }
    return {**seen, **{f"initial-{name}": value for name, value in seen.items()}}


def test_one_save_changes_status_priority_assignee_category_and_tags_together(
    agent_client: Client, agent: Any, ticket: Any
):
    bob = AgentFactory.create(username="bob", first_name="Bob")
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert page.status_code == 200
    data = {
        **_as_seen(ticket),
        "status": Status.PENDING,
        "priority": Priority.URGENT,
        "assignee": bob.pk,
        "category": Category.DEPOSIT,
        "tags": "usdt, tron",
    }
    with CaptureQueriesContext(connection) as captured:
        response = agent_client.post(_panel(ticket), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(captured.captured_queries) <= PANEL_SAVE_STATEMENTS

    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee, ticket.category) == (
        Status.PENDING,
        Priority.URGENT,
        bob,
        Category.DEPOSIT,
    )
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["tron", "usdt"]
    actions = list(AuditEvent.objects.filter(actor=agent).values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["ticket.assigned", "ticket.status_changed", "ticket.updated", "ticket.tags_changed"]
    ) or sorted(actions) == sorted(
        # Assigning a new ticket opens it first (its own status change), then pending.
        [
            "ticket.assigned",
            "ticket.status_changed",
            "ticket.status_changed",
            "ticket.updated",
            "ticket.tags_changed",
        ]
    )
    # Only what changed is written: the team and subject were posted as they were.
    updated = AuditEvent.objects.get(action="ticket.updated")
    assert updated.after == {"priority": Priority.URGENT, "category": Category.DEPOSIT}
    assert not ticket.entries.filter(data__event__in=["subject_changed", "transferred"]).exists()


def test_the_ticket_page_with_the_panel_keeps_its_statement_budget(agent_client: Client, ticket: Any):
    url = reverse("tickets:ticket-detail", args=[ticket.pk])
    agent_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = agent_client.get(url)
    assert page.status_code == 200
    assert len(captured.captured_queries) <= TICKET_PAGE_STATEMENTS
    # One form, one Save: the old per-property forms are gone.
    body = page.content.decode()
    assert body.count(f'action="{_panel(ticket)}"') == 1
    assert "Save assignment" not in body and "Save tags" not in body


def test_a_field_the_agent_left_alone_is_not_written_back_over_a_colleagues_change(
    agent_client: Client, agent: Any, ticket: Any
):
    seen = _as_seen(ticket)
    colleague = AgentFactory.create(username="carol")
    ticket_update(ticket=ticket, actor=colleague, priority=Priority.HIGH)
    response = agent_client.post(_panel(ticket), {**seen, "tags": "kyc"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH
    assert list(ticket.tags.values_list("name", flat=True)) == ["kyc"]


def test_a_save_with_nothing_changed_writes_nothing(agent_client: Client, agent: Any, ticket: Any):
    response = agent_client.post(_panel(ticket), _as_seen(ticket))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(actor=agent).exists()


def test_a_field_error_shows_on_the_panel_and_writes_nothing(agent_client: Client, agent: Any, ticket: Any):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    before = AuditEvent.objects.count()
    response = agent_client.post(
        _panel(ticket), {"priority": Priority.URGENT, "status": Status.PENDING, "tags": "late"}
    )
    assert response.status_code == 400
    form = response.context["properties_form"]
    assert "status" in form.errors
    # The agent's other choices are kept on the page to correct and save again.
    assert form["priority"].value() == str(Priority.URGENT)
    ticket.refresh_from_db()
    assert ticket.priority != Priority.URGENT
    assert not ticket.tags.exists()
    assert AuditEvent.objects.count() == before


def test_a_refusal_by_a_later_service_rolls_back_the_earlier_ones(agent_client: Client, ticket: Any):
    # Priority is written first; the tags (more than a ticket may carry) are refused after it.
    tags = " ".join(f"t{n}" for n in range(25))
    response = agent_client.post(_panel(ticket), {"priority": Priority.URGENT, "tags": tags})
    assert response.status_code == 400
    assert "at most 20 tags" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority != Priority.URGENT
    assert not ticket.entries.filter(data__event="priority_changed").exists()
    assert not AuditEvent.objects.filter(action="ticket.updated").exists()


def test_a_new_team_is_a_transfer_and_the_agent_chosen_with_it_keeps_the_case(
    agent_client: Client, ticket: Any
):
    wallets = TeamFactory.create(name="Wallets", tier=Tier.SPECIALIST)
    wendy = AgentFactory.create(username="wendy")
    TeamMembershipFactory.create(team=wallets, user=wendy)
    response = agent_client.post(
        _panel(ticket),
        {"team": wallets.pk, "assignee": wendy.pk, "handover_note": "Needs on-chain tracing."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier, ticket.assignee) == (wallets, Tier.SPECIALIST, wendy)
    events = list(ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT).values_list("data__event", flat=True))
    assert "transferred" in events and "assigned" in events
    assert ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE, body="Needs on-chain tracing.").exists()


def test_partner_agents_may_not_use_the_panel_on_cases_they_cannot_see(partner_client: Client, ticket: Any):
    response = partner_client.post(_panel(ticket), {"priority": Priority.URGENT})
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.priority != Priority.URGENT


def test_a_partner_agent_saves_their_cases_properties_but_assigns_only_colleagues(
    partner_client: Client, partner_team: Any
):
    ticket = TicketFactory.create(team=partner_team)
    outsider = AgentFactory.create(username="ian")
    refused = partner_client.post(_panel(ticket), {"priority": Priority.HIGH, "assignee": outsider.pk})
    assert refused.status_code == 400
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee) != (Priority.HIGH, outsider)

    saved = partner_client.post(_panel(ticket), {"priority": Priority.HIGH, "tags": "bpo"})
    assert saved.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH


# --- The composer's "Send as <status>" ------------------------------------------------------------


def test_send_as_solved_writes_the_reply_and_the_status_together(agent_client: Client, ticket: Any):
    response = agent_client.post(
        _send(ticket), {"kind": EntryKind.AGENT_REPLY, "body": "Your deposit arrived.", "status": "solved"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED and ticket.solved_at is not None
    reply = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    changed = ticket.entries.get(data__event="status_changed", data__to="solved")
    assert reply.pk < changed.pk


def test_the_composer_offers_send_as_for_each_legal_status_and_plain_send(agent_client: Client, ticket: Any):
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    for status in ("pending", "on_hold", "solved"):
        assert f'name="status" value="{status}"' in page
    assert 'name="status" value="closed"' not in page
    # A new ticket opens with a plain Send.
    assert 'name="status" value="open"' not in page


def test_a_macros_actions_run_with_the_send_in_its_transaction(agent_client: Client, agent: Any, ticket: Any):
    macro = macro_create(
        actor=agent,
        title="Escalate fees",
        scope="personal",
        variants={"": "We are looking into it."},
        actions={"priority": Priority.URGENT, "tags": ["fees"]},
    )
    response = agent_client.post(
        _send(ticket),
        {
            "kind": EntryKind.AGENT_REPLY,
            "body": "We are looking into it.",
            "macro": macro.pk,
            "status": "pending",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status) == (Priority.URGENT, Status.PENDING)
    assert list(ticket.tags.values_list("name", flat=True)) == ["fees"]
    assert AuditEvent.objects.filter(action="macro.applied", object_id=str(macro.pk)).exists()


def test_a_send_that_is_refused_leaves_the_macros_actions_unapplied(
    agent_client: Client, agent: Any, ticket: Any
):
    macro = macro_create(
        actor=agent,
        title="Solve",
        scope="personal",
        variants={"": "Done."},
        actions={"status": Status.SOLVED, "priority": Priority.URGENT},
    )
    # The macro solves the case; "Send as On hold" is no move from solved: nothing is written.
    response = agent_client.post(
        _send(ticket),
        {"kind": EntryKind.AGENT_REPLY, "body": "Done.", "macro": macro.pk, "status": "on_hold"},
    )
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.priority != Priority.URGENT and ticket.status != Status.SOLVED
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()


def test_a_macro_the_agent_may_not_use_is_refused(agent_client: Client, ticket: Any):
    other = AgentFactory.create(username="olga")
    theirs = macro_create(actor=other, title="Theirs", scope="personal", variants={"": "x"}, actions={})
    response = agent_client.post(
        _send(ticket), {"kind": EntryKind.AGENT_REPLY, "body": "Hello", "macro": theirs.pk}
    )
    assert response.status_code == 400
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()


def test_a_required_custom_field_filled_in_the_panel_lets_the_same_save_solve(
    agent_client: Client, agent: Any, ticket: Any
):
    from customfields.services import field_define
    from tests.factories import make_agent

    admin = make_agent(username="ada", role="admin")
    field_define(actor=admin, key="txid", label="TxID", type="txid", required_on_solve=True)
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    panel = page.split(f'action="{_panel(ticket)}"', 1)[1].split("</form>", 1)[0]
    assert 'name="cf_txid"' in panel

    txid = "0x" + "ab" * 32
    response = agent_client.post(
        _panel(ticket), {**_as_seen(ticket), "cf_txid": txid, "initial-cf_txid": "", "status": Status.SOLVED}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert AuditEvent.objects.filter(action="ticket.fields_changed", actor=agent).exists()

    # Without it, the solve is refused and nothing of the save is written.
    other = TicketFactory.create(team=ticket.team)
    refused = agent_client.post(
        _panel(other), {**_as_seen(other), "priority": Priority.URGENT, "status": Status.SOLVED}
    )
    assert refused.status_code == 400
    assert "TxID" in refused.content.decode()
    other.refresh_from_db()
    assert (other.status, other.priority) != (Status.SOLVED, Priority.URGENT)
