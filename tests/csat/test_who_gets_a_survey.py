"""Which solved ticket gets a survey and by which channel: the fatigue rule, unreachable customers,
chats, reopened and closed tickets."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from casework.services import ticket_set_status
from csat.models import SkipReason, Survey, SurveyChannel
from csat.services import survey_send, surveys_due_ids, surveys_send_due
from mail.models import OutboundKind, OutboundMessage
from tests.csat.conftest import solved_ticket
from tests.factories import make_customer
from tickets.models import Channel, Status

pytestmark = pytest.mark.django_db


def _survey_after(days: int) -> Survey:
    """A customer surveyed `days` ago, then another ticket of theirs solved today."""
    customer = make_customer()
    with time_machine.travel(timezone.now() - dt.timedelta(days=days)):
        solved_ticket(customer=customer)
        assert surveys_send_due() == 1
    second = solved_ticket(customer=customer)
    assert surveys_send_due() == 1
    return Survey.objects.get(ticket=second)


def test_a_customer_surveyed_13_days_ago_is_not_surveyed_again_and_the_ticket_is_not_looked_at_again():
    survey = _survey_after(13)
    assert (survey.skip_reason, survey.sent_at, survey.token_hash) == (SkipReason.FATIGUE, None, None)
    assert OutboundMessage.objects.filter(kind=OutboundKind.SURVEY).count() == 1
    assert surveys_due_ids() == []


def test_a_customer_surveyed_15_days_ago_is_surveyed_again():
    survey = _survey_after(15)
    assert (survey.skip_reason, survey.channel) == ("", SurveyChannel.EMAIL)
    assert OutboundMessage.objects.filter(kind=OutboundKind.SURVEY).count() == 2


def test_the_fatigue_window_follows_the_setting(settings):
    settings.CSAT_FATIGUE_DAYS = 7
    assert _survey_after(8).skip_reason == ""


def test_a_chat_is_always_surveyed_by_its_widget_and_counts_for_the_fatigue_rule():
    customer = make_customer()
    chat = solved_ticket(customer=customer, channel=Channel.CHAT)
    assert surveys_send_due() == 1
    survey = Survey.objects.get(ticket=chat)
    assert (survey.channel, survey.skip_reason, survey.sent_at) == (SurveyChannel.WIDGET, "", chat.solved_at)
    assert OutboundMessage.objects.filter(kind=OutboundKind.SURVEY).count() == 0
    second_chat = solved_ticket(customer=customer, channel=Channel.CHAT)
    email = solved_ticket(customer=customer, channel=Channel.EMAIL)
    assert surveys_send_due() == 2
    assert Survey.objects.get(ticket=second_chat).channel == SurveyChannel.WIDGET
    assert Survey.objects.get(ticket=email).skip_reason == SkipReason.FATIGUE


def test_a_customer_without_an_address_or_an_account_gets_no_survey():
    anonymous = make_customer(email="", external_id="anon-0123456789abcdef")
    ticket = solved_ticket(customer=anonymous, channel=Channel.PHONE)
    assert surveys_send_due() == 1
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.skip_reason, survey.channel) == (SkipReason.UNREACHABLE, "")
    assert surveys_due_ids() == []


def test_a_customer_with_an_exchange_account_but_no_address_is_surveyed_in_the_portal():
    ticket = solved_ticket(customer=make_customer(email="", external_id="EX-777"), channel=Channel.PHONE)
    survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None and (survey.channel, survey.token_hash) == (SurveyChannel.PORTAL, None)
    assert OutboundMessage.objects.filter(kind=OutboundKind.SURVEY).count() == 0


def test_an_open_or_reopened_ticket_gets_no_survey_and_a_closed_one_still_does():
    reopened = solved_ticket()
    ticket_set_status(ticket=reopened, actor=None, status=Status.OPEN)
    closed = solved_ticket()
    ticket_set_status(ticket=closed, actor=None, status=Status.CLOSED)
    assert surveys_due_ids() == [closed.pk]
    assert survey_send(ticket_id=reopened.pk) is None


def test_tickets_solved_before_the_lookback_are_never_surveyed(settings):
    with time_machine.travel(timezone.now() - dt.timedelta(days=settings.CSAT_LOOKBACK_DAYS + 1)):
        solved_ticket()
    assert surveys_due_ids() == []


def test_a_ticket_has_one_survey_however_often_it_is_sent():
    ticket = solved_ticket()
    assert survey_send(ticket_id=ticket.pk) is not None
    assert survey_send(ticket_id=ticket.pk) is None
    assert Survey.objects.filter(ticket=ticket).count() == 1


def test_the_sweep_finds_its_tickets_in_one_statement_through_the_solved_index(django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    solved_ticket()
    with django_assert_num_queries(1) as captured:
        surveys_due_ids()
    with connection.cursor() as cursor:
        # With so few rows the planner would rather scan; forbidding it shows the index serves the query.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + captured.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "ticket_solved_idx" in plan, plan
