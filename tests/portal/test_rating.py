"""Rating a solved ticket from the portal: the CSAT survey is answered with channel "portal", once."""

from typing import Any

import pytest
from django.test import Client

from csat.models import Survey
from csat.services import survey_send
from customers.models import Customer
from tests.factories import make_agent, make_ticket
from tickets.models import Status, Ticket
from tickets.services import ticket_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(ticket: Ticket) -> Ticket:
    ticket_set_status(ticket=ticket, actor=make_agent(), status=Status.SOLVED)
    survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None and survey.sent_at is not None
    return ticket


def test_a_solved_tickets_survey_is_answered_from_the_portal(portal: Client, surveyed: Ticket) -> None:
    page = portal.get(f"/portal/tickets/{surveyed.pk}/").content.decode()
    assert 'name="score"' in page
    response = portal.post(f"/portal/tickets/{surveyed.pk}/rate/", {"score": "4", "comment": "Quick, thanks"})
    assert response.status_code == 302 and "rated=1" in response["Location"]
    survey = Survey.objects.get(ticket=surveyed)
    assert (survey.score, survey.comment, survey.responded_via) == (4, "Quick, thanks", "portal")
    assert "Thank you for your rating." in portal.get(response["Location"]).content.decode()


@pytest.mark.parametrize("score", ["0", "6", "", "four", "-1"])
def test_a_score_outside_one_to_five_is_refused(portal: Client, surveyed: Ticket, score: str) -> None:
    response = portal.post(f"/portal/tickets/{surveyed.pk}/rate/", {"score": score})
    assert response.status_code == 400
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert Survey.objects.get(ticket=surveyed).score is None


def test_an_open_ticket_has_no_rating_form_and_refuses_one(portal: Client, ticket: Ticket) -> None:
    assert 'name="score"' not in portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert portal.post(f"/portal/tickets/{ticket.pk}/rate/", {"score": "5"}).status_code == 404


def test_another_customers_survey_cannot_be_answered(portal: Client, other_customer: Customer) -> None:
    theirs = make_ticket(customer=other_customer, subject="Theirs")
    ticket_set_status(ticket=theirs, actor=make_agent(), status=Status.SOLVED)
    survey_send(ticket_id=theirs.pk)
    assert portal.post(f"/portal/tickets/{theirs.pk}/rate/", {"score": "1"}).status_code == 404
    assert Survey.objects.get(ticket=theirs).score is None


def test_a_solved_tickets_page_takes_one_statement_more_for_its_survey(
    portal: Client, surveyed: Ticket, django_assert_num_queries: Any
) -> None:
    # The ticket, its public entries with their authors, their files, and the survey.
    with django_assert_num_queries(4):
        assert portal.get(f"/portal/tickets/{surveyed.pk}/").status_code == 200
