"""A case in a language nobody on shift in its team speaks (routing.rules.language_fallback): it follows
the sun to a team on shift that speaks it, else goes to the default team with a notice; and the same
when the ticket's language changes after routing. Teams in three time zones, with the clock frozen."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEvent
from intake.language import ticket_language_set
from intake.pipeline import customer_message_add
from routing.models import Shift, Team
from routing.rules import LanguageChoice, TeamFacts, language_fallback
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tests.routing.conftest import member
from tickets.models import EntryKind, Ticket

THAI = "สวัสดีครับ ผมถอนเงินไปตั้งแต่เมื่อวานแต่ยังไม่ได้รับเลยครับ"
ENGLISH = "My withdrawal has been pending for two hours, can you check it please?"

# Wednesday 2 December 2026, in UTC.
BANGKOK_MORNING = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)  # 10:00 Bangkok, 03:00 London
LONDON_AFTERNOON = dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC)  # 21:00 Bangkok, 06:00 Los Angeles
LOS_ANGELES_NOON = dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC)  # 03:00 Bangkok, 20:00 London


# --- The rule, over plain data --------------------------------------------------------------------


def facts(id: int, name: str, languages: tuple[str, ...], *, on_shift: bool = True, **kw: Any) -> TeamFacts:
    return TeamFacts(id=id, name=name, tier=kw.pop("tier", 1), languages=languages, on_shift=on_shift, **kw)


def choose(teams: list[TeamFacts], chosen: TeamFacts, language: str = "th") -> LanguageChoice | None:
    return language_fallback(teams, chosen=chosen, tier=1, skill="", language=language, language_name="Thai")


def test_a_team_on_shift_that_speaks_the_language_keeps_the_case():
    bangkok = facts(1, "Bangkok", ("th",))
    assert choose([bangkok], bangkok) is None


def test_a_team_that_lists_no_languages_takes_every_one():
    everyone = facts(1, "Everyone", (), on_shift=False)
    assert choose([everyone], everyone) is None


def test_a_case_follows_the_sun_to_a_team_on_shift_that_speaks_it():
    london = facts(1, "London", ("en",), is_default=True)
    bangkok = facts(2, "Bangkok", ("th",), on_shift=False)
    americas = facts(3, "Thai Americas", ("th",))
    found = choose([london, bangkok, americas], london)
    assert found == LanguageChoice(
        3, "nobody on shift in London speaks Thai: follow-the-sun to Thai Americas"
    )


def test_off_its_shift_a_team_that_speaks_it_hands_the_case_to_one_on_shift():
    bangkok = facts(2, "Bangkok", ("th",), on_shift=False)
    americas = facts(3, "Thai Americas", ("th", "en"))
    assert choose([bangkok, americas], bangkok) == LanguageChoice(
        3, "nobody on shift in Bangkok speaks Thai: follow-the-sun to Thai Americas"
    )


def test_with_nobody_on_shift_who_speaks_it_the_default_team_takes_it_with_a_notice():
    london = facts(1, "Tier 1", ("en",), is_default=True)
    bangkok = facts(2, "Bangkok", ("th",), on_shift=False)
    assert choose([london, bangkok], bangkok) == LanguageChoice(
        1, "No agent on shift speaks Thai; routed to Tier 1 (default)", unspoken=True
    )


def test_a_team_nobody_belongs_to_never_takes_it_and_the_executives_never_do():
    london = facts(1, "Tier 1", ("en",))
    empty = facts(2, "Empty Thai", ("th",), staffed=False)
    executives = facts(3, "Executives", ("th",), tier=3)
    default_nobody = facts(4, "Default", ("en",), is_default=True, staffed=False)
    found = choose([london, empty, executives, default_nobody], london)
    assert found == LanguageChoice(1, "No agent on shift speaks Thai; routed to Tier 1", unspoken=True)


def test_its_own_tier_comes_before_one_tier_up():
    london = facts(1, "London", ("en",))
    up = facts(2, "Thai specialists", ("th",), tier=2)
    same = facts(3, "Thai generalists", ("th",))
    assert choose([london, up, same], london) == LanguageChoice(
        3, "nobody on shift in London speaks Thai: follow-the-sun to Thai generalists"
    )
    assert choose([london, up], london) == LanguageChoice(
        2, "nobody on shift in London speaks Thai: follow-the-sun to Thai specialists"
    )


# --- Routing and re-routing, with teams in three time zones --------------------------------------------


def _team(name: str, slug: str, languages: list[str], tz: str, start: str, end: str, **kw: Any) -> Team:
    team = make_team(name=name, slug=slug, tier=1, languages=languages, time_zone=tz, **kw)
    for weekday in range(5):
        Shift.objects.create(team=team, weekday=weekday, start=start, end=end)
    member(team, f"{slug}-agent", online=False)  # nobody online: the cases wait unassigned
    return team


@pytest.fixture
def world(db: None) -> dict[str, Team]:
    return {
        "london": _team("Tier 1", "tier-1", ["en"], "Europe/London", "08:00", "22:00", is_default=True),
        "bangkok": _team("Bangkok", "bangkok", ["th", "en"], "Asia/Bangkok", "09:00", "18:00"),
        "americas": _team("Thai Americas", "thai-americas", ["th"], "America/Los_Angeles", "09:00", "18:00"),
    }


def _thai_case() -> Ticket:
    return make_ticket(customer=make_customer(language="en"), body=THAI)


def _notices(ticket: Ticket) -> list[Any]:
    return list(
        ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="language_unspoken").values_list(
            "data__reasons", flat=True
        )
    )


@pytest.mark.django_db
def test_in_bangkoks_morning_a_thai_case_goes_to_bangkok(world):
    with time_machine.travel(BANGKOK_MORNING, tick=False):
        ticket = _thai_case()
    assert (ticket.language, ticket.team) == ("th", world["bangkok"])
    assert _notices(ticket) == []


@pytest.mark.django_db
def test_at_noon_in_los_angeles_a_thai_case_follows_the_sun_there(world):
    with time_machine.travel(LOS_ANGELES_NOON, tick=False):
        ticket = _thai_case()
    assert ticket.team == world["americas"]
    assert _notices(ticket) == []


@pytest.mark.django_db
def test_when_nobody_on_shift_speaks_thai_the_default_team_takes_it_with_a_notice(world):
    with time_machine.travel(LONDON_AFTERNOON, tick=False):
        ticket = _thai_case()
    assert ticket.team == world["london"]
    assert _notices(ticket) == [["No agent on shift speaks Thai; routed to Tier 1 (default)"]]
    assert "No agent on shift speaks Thai; routed to Tier 1 (default)" in ticket.routing["reasons"]


@pytest.mark.django_db
def test_routing_a_case_nobody_on_shift_speaks_costs_one_statement_more_its_notice(
    world, django_assert_num_queries
):
    with time_machine.travel(LONDON_AFTERNOON, tick=False):
        from routing.services import ticket_route

        spoken = make_ticket(customer=make_customer(language="en"), body=ENGLISH, route=False)
        unspoken = make_ticket(customer=make_customer(language="en"), body=THAI, route=False)
        ticket_route(ticket=spoken, now=timezone.now())  # the configuration, as a running process holds it
        spoken = make_ticket(customer=make_customer(language="en"), body=ENGLISH, route=False)
        # The configuration's version, the team's agents, the ticket's UPDATE, its event, its audit record.
        with django_assert_num_queries(5):
            ticket_route(ticket=spoken, now=timezone.now())
        with django_assert_num_queries(6):
            ticket_route(ticket=unspoken, now=timezone.now())
    assert (spoken.team, unspoken.team) == (world["london"], world["london"])


@pytest.mark.django_db
def test_a_case_whose_language_changes_is_rerouted_to_a_team_on_shift_that_speaks_it(world):
    with time_machine.travel(LOS_ANGELES_NOON, tick=False):
        ticket = make_ticket(customer=make_customer(language="en"), body=ENGLISH)
        assert ticket.team == world["london"]
        customer_message_add(ticket=ticket, body=THAI)
    ticket.refresh_from_db()
    assert (ticket.language, ticket.team, ticket.assignee) == ("th", world["americas"], None)
    moved = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="language_rerouted")
    assert moved.data["to_name"] == "Thai Americas"
    assert AuditEvent.objects.filter(action="ticket.language_rerouted", object_id=str(ticket.pk)).exists()


@pytest.mark.django_db
def test_a_case_whose_language_nobody_on_shift_speaks_stays_with_the_default_team_with_a_notice(world):
    with time_machine.travel(LONDON_AFTERNOON, tick=False):
        ticket = make_ticket(customer=make_customer(language="en"), body=ENGLISH)
        customer_message_add(ticket=ticket, body=THAI)
    ticket.refresh_from_db()
    assert (ticket.language, ticket.team) == ("th", world["london"])
    assert _notices(ticket) == [["No agent on shift speaks Thai; routed to Tier 1 (default)"]]
    assert not ticket.entries.filter(data__event="language_rerouted").exists()


@pytest.mark.django_db
def test_an_assigned_case_stays_with_its_agent_when_the_language_changes(world):
    agent = make_agent(username="keeper")
    world["london"].memberships.create(user=agent)
    with time_machine.travel(LOS_ANGELES_NOON, tick=False):
        ticket = make_ticket(customer=make_customer(language="en"), body=ENGLISH, assignee=agent)
        customer_message_add(ticket=ticket, body=THAI)
    ticket.refresh_from_db()
    assert (ticket.language, ticket.team, ticket.assignee) == ("th", world["london"], agent)


@pytest.mark.django_db
def test_an_agents_correction_reroutes_the_case_the_same_way(world):
    with time_machine.travel(BANGKOK_MORNING, tick=False):
        ticket = make_ticket(customer=make_customer(language="en"), body=ENGLISH)
        # 03:00 in London: the default team is off shift, and routing sent the case to Bangkok.
        assert ticket.team == world["bangkok"]
        ticket.team = world["london"]
        Ticket.objects.filter(pk=ticket.pk).update(team=world["london"])
        ticket_language_set(ticket=ticket, language="th", actor=make_agent(username="fixer"))
    ticket.refresh_from_db()
    assert (ticket.language, ticket.team) == ("th", world["bangkok"])
