"""What a customer is told when tier 0 hands the case to a person: who answers, described by what they
do, and an honest wait: the SLA's first response, the team's next shift, or the chat queue's estimate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assistant.handoff import handoff_notice, next_shift_start
from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_accept
from routing.models import AgentStatus, Holiday, Shift, Team
from sla.models import TicketClock
from tests.factories import make_team, make_ticket
from tests.livechat.conftest import start_chat
from tests.routing.conftest import member
from tickets.models import Ticket, Tier

# A Monday, 03:00 UTC: before a 08:00-17:00 UTC shift.
MONDAY_NIGHT = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def weekday_team(name: str = "Wallets EU", time_zone: str = "UTC", start: dt.time = dt.time(8)) -> Team:
    team = make_team(name=name, slug=name.lower().replace(" ", "-"), tier=Tier.GENERAL, skills=["wallets"],
                     time_zone=time_zone)  # fmt: skip
    for weekday in range(5):
        Shift.objects.create(team=team, weekday=weekday, start=start, end=dt.time(17))
    return team


def case(team: Team | None, *, skill: str = "wallets", channel: str = "email", **fields: object) -> Ticket:
    ticket = make_ticket(route=False, channel=channel)
    Ticket.objects.filter(pk=ticket.pk).update(team=team, skill=skill, language="en", **fields)
    ticket.refresh_from_db()
    return ticket


def due_in(ticket: Ticket, now: dt.datetime, delta: dt.timedelta) -> None:
    TicketClock.objects.update_or_create(
        ticket=ticket,
        defaults={"opened_at": now, "counted_until": now, "first_response_due_at": now + delta},
    )


@pytest.mark.django_db
def test_on_shift_the_customer_is_told_the_team_by_what_it_does_and_the_first_response_time():
    team = make_team(name="WAL-T2-internal", slug="wal", skills=["wallets"])
    ticket = case(team)
    now = timezone.now()
    due_in(ticket, now, dt.timedelta(hours=2, minutes=5))
    notice = handoff_notice(ticket=ticket, language="en", now=now)
    assert "our wallets and on-chain specialists" in notice
    assert "WAL-T2-internal" not in notice
    assert "You can expect a reply within about 2 hours." in notice
    assert "leave a message" not in notice.lower()
    assert "password" not in notice


@pytest.mark.django_db
def test_off_shift_the_customer_is_told_when_the_team_is_back():
    ticket = case(weekday_team())
    notice = handoff_notice(ticket=ticket, language="en", now=MONDAY_NIGHT)
    assert "they are back at 08:00 UTC, in about 5 hours" in notice
    assert "Colleagues in another time zone" not in notice


@pytest.mark.django_db
def test_the_next_shift_is_read_in_the_teams_time_zone_and_skips_its_holidays():
    team = weekday_team(time_zone="Europe/Berlin", start=dt.time(9))
    Holiday.objects.create(team=team, date=dt.date(2026, 12, 7), name="Local holiday")
    start = next_shift_start(team, MONDAY_NIGHT)
    assert start is not None
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 12, 8, 8, 0, tzinfo=dt.UTC)
    notice = handoff_notice(ticket=case(team), language="en", now=MONDAY_NIGHT)
    assert "back at 08:00 UTC, in about 29 hours" in notice


@pytest.mark.django_db
def test_off_shift_with_a_follow_the_sun_team_on_duty_the_customer_is_told_so():
    ticket = case(weekday_team())
    apac = make_team(name="Wallets APAC", slug="wallets-apac", skills=["wallets"], languages=["en"])
    member(apac, "kenji", online=False)  # a team around the clock, with people, takes overflow
    notice = handoff_notice(ticket=ticket, language="en", now=MONDAY_NIGHT)
    assert "back at 08:00 UTC" in notice
    assert "Colleagues in another time zone are on duty now" in notice


@pytest.mark.django_db
def test_a_security_case_gets_the_safety_line_in_the_customers_language():
    ticket = case(make_team(name="Sec", slug="sec", skills=["security"]), skill="security")
    notice = handoff_notice(ticket=ticket, language="es", now=timezone.now())
    assert notice.startswith(
        "Gracias por tu mensaje. Se lo he pasado a nuestro equipo de seguridad de cuentas"
    )
    assert "Nunca te pediremos tu contraseña, tus códigos 2FA ni tu frase semilla." in notice


@pytest.mark.django_db
def test_an_executive_case_is_described_as_senior_support_and_a_language_without_words_gets_english():
    ticket = case(make_team(name="Exec", slug="exec", tier=Tier.EXECUTIVE), skill="", tier=Tier.EXECUTIVE)
    TicketClock.objects.filter(ticket=ticket).delete()  # no SLA target: no time is promised
    notice = handoff_notice(ticket=ticket, language="sw", now=timezone.now())
    assert "our senior support team" in notice
    assert "A person will reply here as soon as possible." in notice


@pytest.mark.django_db(transaction=True)
def test_a_chat_is_told_the_live_queues_estimate(settings):
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 600  # the one busy slot frees in 500 s
    team = make_team(name="Chat", slug="chat", tier=1, languages=["en"], chat_capacity=1)
    agent = member(team, "quinn")
    AgentStatus.objects.filter(user=agent).update(chat_capacity=1)
    chat_accept(conversation_id=start_chat()["conversation"], agent=agent)
    Conversation.objects.filter(status=ConversationStatus.ACTIVE).update(
        accepted_at=timezone.now() - dt.timedelta(seconds=100)
    )
    waiting = Conversation.objects.select_related("ticket").get(pk=start_chat()["conversation"])
    assert waiting.ticket.team_id == team.pk and waiting.is_queued
    notice = handoff_notice(ticket=waiting.ticket, language="en", now=timezone.now())
    assert "A person should join this chat in about 8 minutes." in notice
