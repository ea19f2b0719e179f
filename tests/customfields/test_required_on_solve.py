"""A ticket is solved only once its required fields are filled in, whichever way it is solved."""

import pytest
from django.urls import reverse

from casework.services import ticket_reply, ticket_set_status
from customfields.services import field_deactivate, ticket_fields_set
from helpdesk.errors import DomainError
from tests.customfields.conftest import TXID, define
from tickets.models import Status, TimelineEntry


@pytest.fixture
def txid(admin):
    return define(admin, "txid", "txid", label="TxID", required_on_solve=True)


def test_solving_is_refused_while_a_required_field_is_empty(txid, ticket, agent):
    with pytest.raises(DomainError) as error:
        ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    assert error.value.code == "fields_required" and "TxID" in error.value.message
    ticket.refresh_from_db()
    assert ticket.status != Status.SOLVED
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)  # other moves go on
    ticket_fields_set(ticket=ticket, actor=agent, values={"txid": TXID})
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED


def test_a_reply_that_solves_is_refused_before_anything_is_written(txid, ticket, agent):
    before = TimelineEntry.objects.filter(ticket=ticket).count()
    with pytest.raises(DomainError):
        ticket_reply(ticket=ticket, author=agent, body="All done", status=Status.SOLVED)
    assert TimelineEntry.objects.filter(ticket=ticket).count() == before


def test_an_inactive_or_out_of_scope_field_is_not_required(admin, txid, ticket, agent):
    define(admin, "kyc_level", "number", required_on_solve=True, category="kyc")
    field_deactivate(field=txid, actor=admin)
    if ticket.category != "kyc":
        ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
        ticket.refresh_from_db()
        assert ticket.status == Status.SOLVED


def test_a_required_checkbox_must_be_ticked(admin, ticket, agent):
    define(admin, "refund_checked", "checkbox", label="Refund checked", required_on_solve=True)
    ticket_fields_set(ticket=ticket, actor=agent, values={"refund_checked": False})
    with pytest.raises(DomainError):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_fields_set(ticket=ticket, actor=agent, values={"refund_checked": True})
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)


def test_the_api_answers_400_with_the_missing_field(txid, ticket, api_client):
    url = reverse("api:ticket-detail", args=[ticket.pk])
    response = api_client.patch(url, {"status": "solved"}, format="json")
    assert response.status_code == 400
    assert "TxID" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status != Status.SOLVED
