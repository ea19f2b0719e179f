"""An agent corrects tier 0's intent in one click on the ticket page: the correction is kept on the
assessment, in the audit log and on the timeline, and the message joins the example bank."""

from __future__ import annotations

import pytest
from django.test import Client

from assistant.models import Assessment, Example
from audit.models import AuditEvent
from intake.pipeline import customer_message_add
from tests.assistant.tier0_rows import assessment_row, partner_world, pending_row
from tests.factories import TicketFactory
from tickets.models import EntryKind

pytestmark = pytest.mark.django_db


def _correct(client: Client, assessment: Assessment, intent: str) -> str:
    response = client.post(
        f"/assistant/assessments/{assessment.pk}/correct/", {"intent": intent}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_correction_joins_the_bank_is_audited_and_reads_on_the_timeline(
    agent_client: Client, agent, ticket
):
    assessment = assessment_row(ticket, intent="fees_info", language="pt")
    response = agent_client.post(
        f"/assistant/assessments/{assessment.pk}/correct/", {"intent": "withdrawal_pending"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/#tier0-panel"

    assessment.refresh_from_db()
    assert (assessment.corrected_intent, assessment.corrected_by) == ("withdrawal_pending", agent)
    assert assessment.final_intent == "withdrawal_pending"

    example = Example.objects.get()
    first_message = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert (example.text, example.intent, example.language) == (
        first_message.body,
        "withdrawal_pending",
        "pt",
    )
    assert (example.assessment, example.added_by) == (assessment, agent)

    event = AuditEvent.objects.get(action="tier0.corrected")
    assert event.actor == agent and event.object_id == str(ticket.pk)
    assert event.before == {"intent": "fees_info"}
    assert event.after == {"intent": "withdrawal_pending", "assessment": assessment.pk}

    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "corrected tier 0&#x27;s reading from “fees info” to “withdrawal pending”" in page
    assert "Corrected to “withdrawal pending”" in page


def test_correcting_again_replaces_the_example_and_the_timeline_keeps_both(agent_client: Client, ticket):
    assessment = assessment_row(ticket, intent="fees_info")
    _correct(agent_client, assessment, "staking_info")
    page = _correct(agent_client, assessment, "referral_info")
    assert list(Example.objects.values_list("intent", flat=True)) == ["referral_info"]
    assert ticket.entries.filter(data__event="tier0_corrected").count() == 2
    assert "from “staking info” to “referral info”" in page


def test_an_unknown_intent_is_refused_and_nothing_is_written(agent_client: Client, ticket):
    assessment = assessment_row(ticket)
    page = _correct(agent_client, assessment, "make_me_rich")
    assert "Choose one of the taxonomy" in page
    assessment.refresh_from_db()
    assert assessment.corrected_intent == ""
    assert not Example.objects.exists() and not AuditEvent.objects.filter(action="tier0.corrected").exists()


def test_a_message_tier_0_has_not_read_cannot_be_corrected(agent_client: Client, ticket):
    assessment = pending_row(ticket)
    page = _correct(agent_client, assessment, "fees_info")
    assert "Tier 0 has not read this message." in page
    assert not Example.objects.exists()


def test_the_correction_of_a_later_message_takes_that_message_into_the_bank(agent_client: Client, ticket):
    assessment_row(ticket, intent="fees_info")
    customer_message_add(ticket=ticket, body="Also, is staking available for SOL?")
    later = assessment_row(ticket, intent="fees_info", first=False)
    _correct(agent_client, later, "staking_info")
    assert Example.objects.get().text == "Also, is staking available for SOL?"


def test_an_htmx_correction_answers_with_the_panel(agent_client: Client, ticket):
    assessment = assessment_row(ticket, intent="fees_info")
    response = agent_client.post(
        f"/assistant/assessments/{assessment.pk}/correct/", {"intent": "staking_info"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<section class="card tier0-panel"')
    assert "<s>fees info</s> staking info" in html


def test_a_partner_agent_corrects_on_their_teams_tickets_only(ticket):
    team, partner, client = partner_world()
    hidden = assessment_row(ticket)
    assert (
        client.post(f"/assistant/assessments/{hidden.pk}/correct/", {"intent": "staking_info"}).status_code
        == 404
    )
    theirs = assessment_row(TicketFactory.create(team=team))
    assert (
        client.post(f"/assistant/assessments/{theirs.pk}/correct/", {"intent": "staking_info"}).status_code
        == 302
    )
    assert Example.objects.get().added_by == partner


def test_a_correction_needs_a_post_and_a_signed_in_agent(agent_client: Client, ticket):
    assessment = assessment_row(ticket)
    assert agent_client.get(f"/assistant/assessments/{assessment.pk}/correct/").status_code == 405
    anonymous = Client().post(f"/assistant/assessments/{assessment.pk}/correct/", {"intent": "staking_info"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Example.objects.exists()
