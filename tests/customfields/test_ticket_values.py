"""Agents set a ticket's values: only what changes is written and audited; partners see and set only
the fields marked for them; the card on the ticket page and the API do the same through one service."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from customfields.forms import TicketFieldsForm
from customfields.models import FieldValue
from customfields.services import ticket_fields_set
from helpdesk.errors import DomainError
from tests.customfields.conftest import TXID, define
from tickets.models import Status


@pytest.fixture
def fields(admin):
    return {
        "txid": define(admin, "txid", "txid", label="TxID", partner_visible=True),
        "amount": define(admin, "amount", "decimal"),
        "network": define(admin, "network", "select", options=["ERC20", "TRC20"], partner_visible=True),
        "confirmed": define(admin, "confirmed", "checkbox"),
    }


def test_only_changed_values_are_written_and_audited(fields, ticket, agent):
    changed = ticket_fields_set(
        ticket=ticket, actor=agent, values={"txid": TXID.upper().replace("0X", "0x"), "amount": "12.50"}
    )
    assert changed == {"txid": TXID, "amount": "12.5"}
    event = AuditEvent.objects.get(action="ticket.fields_changed")
    assert event.actor_id == agent.pk
    assert event.before == {"txid": None, "amount": None}
    assert event.after == {"txid": TXID, "amount": "12.5"}
    # The same values again, and an empty one that was empty: nothing written, nothing logged.
    assert ticket_fields_set(ticket=ticket, actor=agent, values={"txid": TXID, "network": ""}) == {}
    assert AuditEvent.objects.filter(action="ticket.fields_changed").count() == 1
    ticket_fields_set(ticket=ticket, actor=agent, values={"amount": None, "network": "TRC20"})
    assert {v.field.key: v.value for v in FieldValue.objects.select_related("field")} == {
        "txid": TXID,
        "network": "TRC20",
    }


def test_a_bad_value_writes_nothing_and_names_each_field(fields, ticket, agent):
    with pytest.raises(ValidationError) as error:
        ticket_fields_set(
            ticket=ticket, actor=agent, values={"txid": "0x12", "network": "BEP20", "amount": "1", "x": 1}
        )
    assert set(error.value.message_dict) == {"txid", "network", "x"}
    assert error.value.message_dict["x"] == ["There is no such field on this ticket."]
    assert not FieldValue.objects.exists()


def test_a_closed_ticket_keeps_its_values(fields, ticket, agent):
    ticket.status = Status.CLOSED
    ticket.save(update_fields=["status"])
    with pytest.raises(DomainError):
        ticket_fields_set(ticket=ticket, actor=agent, values={"txid": TXID})


def test_scope_puts_a_field_on_its_team_and_category_only(admin, ticket, agent):
    from tests.factories import make_team

    other = make_team(name="KYC", slug="kyc")
    define(admin, "kyc_level", "number", team=other)
    define(admin, "asset", "text", category="withdrawal")
    form = TicketFieldsForm(ticket=ticket, user=agent)
    assert [f.key for f in form.definitions] == ([] if ticket.category != "withdrawal" else ["asset"])
    ticket.team, ticket.category = other, "withdrawal"
    ticket.save(update_fields=["team", "category"])
    assert {f.key for f in TicketFieldsForm(ticket=ticket, user=agent).definitions} == {"asset", "kyc_level"}


def test_partners_see_and_set_only_the_fields_marked_for_them(fields, partner, partner_ticket, agent):
    form = TicketFieldsForm(ticket=partner_ticket, user=partner)
    assert [f.key for f in form.definitions] == ["network", "txid"]  # by order, then label
    with pytest.raises(ValidationError) as error:
        ticket_fields_set(ticket=partner_ticket, actor=partner, values={"amount": "5"})
    assert error.value.message_dict == {"amount": ["There is no such field on this ticket."]}
    ticket_fields_set(ticket=partner_ticket, actor=agent, values={"amount": "5"})
    client = APIClient()
    client.force_authenticate(partner)
    url = reverse("api:ticket-fields", kwargs={"ticket": partner_ticket.pk})
    shown = client.get(url).json()["fields"]
    assert [row["key"] for row in shown] == ["network", "txid"]
    refused = client.patch(url, {"values": {"amount": "6"}}, format="json")
    assert refused.status_code == 400 and "amount" in refused.json()["errors"]
    assert FieldValue.objects.get(field=fields["amount"]).value == 5


def test_the_api_reads_and_writes_values(fields, ticket, api_client):
    url = reverse("api:ticket-fields", kwargs={"ticket": ticket.reference})
    rows = {row["key"]: row for row in api_client.get(url).json()["fields"]}
    assert rows["network"]["options"] == ["ERC20", "TRC20"] and rows["txid"]["value"] is None
    response = api_client.patch(
        url, {"values": {"txid": TXID, "amount": "0.000000000000000001", "confirmed": True}}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == ["amount", "confirmed", "txid"]
    values = {row["key"]: row["value"] for row in body["fields"]}
    assert values == {"txid": TXID, "amount": "0.000000000000000001", "confirmed": True, "network": None}
    bad = api_client.patch(url, {"values": {"amount": "1e3", "confirmed": {"a": 1}}}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"amount", "confirmed"}


def test_the_ticket_page_shows_the_fields_and_the_card_form_saves_and_shows_errors(
    fields, ticket, agent_client
):
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert 'name="cf_txid"' in page
    url = reverse("customfields:ticket-fields", args=[ticket.pk])
    saved = agent_client.post(url, {"cf_txid": TXID, "cf_network": "ERC20", "cf_confirmed": "on"})
    assert saved.status_code == 302
    assert FieldValue.objects.count() == 3
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert f"cf_txid={TXID}" in page  # the link to the queue filtered by this value
    refused = agent_client.post(url, {"cf_txid": "nope", "cf_amount": "1,5"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "transaction hash" in text and "no separators" in text
    assert FieldValue.objects.count() == 3


def test_a_partner_cannot_post_to_a_ticket_they_do_not_see(fields, ticket, partner):
    client = Client()
    client.force_login(partner)
    assert (
        client.post(reverse("customfields:ticket-fields", args=[ticket.pk]), {"cf_txid": TXID}).status_code
        == 404
    )
