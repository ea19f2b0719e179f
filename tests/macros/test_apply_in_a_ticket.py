"""Rendering and applying a macro through the API the composer and the chat console call."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from macros.models import Macro
from tests.macros.conftest import personal, shared
from tickets.models import Priority, Status
from tickets.services import ticket_set_status


def render_url(ticket, macro):
    return reverse("api:ticket-macro-render", kwargs={"ticket": ticket.reference, "macro": macro.pk})


def apply_url(ticket, macro):
    return reverse("api:ticket-macro-apply", kwargs={"ticket": ticket.reference, "macro": macro.pk})


@pytest.fixture
def tagging(supervisor):
    return shared(
        supervisor,
        title="Docs requested",
        body="Hi {{customer.first_name}}, please send the documents for {{ticket.reference}}.",
        more={
            "de": "Hallo {{customer.first_name}}, bitte senden Sie die Unterlagen zu {{ticket.reference}}."
        },
        actions={"status": "pending", "tags": ["kyc-docs"], "priority": Priority.HIGH, "assign": "me"},
    )


def test_render_gives_the_text_in_the_tickets_language_and_the_pending_actions(api_client, ticket, tagging):
    ticket.customer.name = "Jonas Weber"
    ticket.customer.save()
    ticket.language = "de"
    ticket.save()
    response = api_client.post(render_url(ticket, tagging))
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "de"
    assert body["text"] == f"Hallo Jonas, bitte senden Sie die Unterlagen zu {ticket.reference}."
    assert body["actions"]["status"] == "pending"
    assert len(body["action_lines"]) == 4
    ticket.refresh_from_db()
    assert ticket.status != Status.PENDING  # rendering runs nothing
    assert Macro.objects.get(pk=tagging.pk).usage_count == 1


def test_render_names_the_gaps_the_agent_must_fill(api_client, ticket, agent):
    macro = personal(agent, body="Your hash {{triage.txid}} on {{triage.network}}")
    body = api_client.post(render_url(ticket, macro)).json()
    assert body["text"] == "Your hash [[triage.txid?]] on [[triage.network?]]"
    assert [m["key"] for m in body["missing"]] == ["triage.txid", "triage.network"]


def test_applying_runs_each_action_through_the_tickets_services_and_audits_it(
    api_client, agent, ticket, tagging
):
    response = api_client.post(apply_url(ticket, tagging))
    assert response.status_code == 200
    assert set(response.json()["applied"]) == {"assign", "priority", "tags", "status"}
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.priority == Priority.HIGH
    assert ticket.assignee == agent
    assert list(ticket.tags.values_list("name", flat=True)) == ["kyc-docs"]
    on_ticket = set(
        AuditEvent.objects.filter(object_type="tickets.ticket", object_id=str(ticket.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"ticket.status_changed", "ticket.updated", "ticket.assigned", "ticket.tags_changed"} <= on_ticket
    assert AuditEvent.objects.filter(action="macro.applied", object_id=str(tagging.pk)).exists()
    events = [e.data.get("event") for e in ticket.entries.filter(kind="system_event")]
    assert "tags_changed" in events and "status_changed" in events


def test_tags_a_macro_adds_keep_the_tickets_other_tags(api_client, agent, ticket, supervisor):
    from tickets.services import ticket_set_tags

    ticket_set_tags(ticket=ticket, actor=agent, tags=["vip"])
    macro = shared(supervisor, actions={"tags": ["kyc-docs"]})
    api_client.post(apply_url(ticket, macro))
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["kyc-docs", "vip"]


def test_a_closed_ticket_refuses_the_actions_with_a_message_and_changes_nothing(
    api_client, agent, ticket, tagging
):
    for status in (Status.SOLVED, Status.CLOSED):
        ticket = ticket_set_status(ticket=ticket, actor=agent, status=status)
    response = api_client.post(apply_url(ticket, tagging))
    assert response.status_code in (400, 409)
    assert response.json()["message"]
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert not AuditEvent.objects.filter(action="macro.applied").exists()


def test_an_inactive_macro_can_no_longer_be_applied(api_client, ticket, tagging, supervisor):
    from macros.services import macro_deactivate

    macro_deactivate(macro=tagging, actor=supervisor)
    assert api_client.post(render_url(ticket, tagging)).status_code == 404


def test_a_reference_that_is_not_one_is_a_404_not_a_500(api_client, tagging):
    url = reverse("api:ticket-macro-render", kwargs={"ticket": "not-a-ticket", "macro": tagging.pk})
    assert api_client.post(url).status_code == 404


def test_no_token_no_macros(ticket, tagging):
    assert APIClient().post(render_url(ticket, tagging)).status_code == 401
