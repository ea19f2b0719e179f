"""The panel on the ticket page: the template tag, and htmx polling its fragment while a look-up runs
and stopping when it is done (then a slow check that answers 204 until a new message re-triggers)."""

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from intake.pipeline import customer_message_add, ticket_open
from tests.factories import make_customer
from triage.models import TicketTriage

from .scenario import ETH

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(with_triage_step):
    return ticket_open(customer=make_customer(), subject="USDT", body=f"tx {ETH['usdt_deposit']}")


@pytest.fixture
def client(agent) -> Client:
    c = Client()
    c.force_login(agent)
    return c


def test_the_template_tag_renders_the_panel(ticket, agent):
    request = RequestFactory().get("/")
    request.user = agent
    html = Template("{% load triage %}{% triage_panel ticket %}").render(
        Context({"ticket": ticket, "request": request})
    )
    assert 'id="triage-panel"' in html and ETH["usdt_deposit"] in html


def test_while_pending_the_panel_polls_its_fragment_and_when_done_it_stops(ticket, client):
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert f'hx-get="/triage/tickets/{ticket.pk}/panel"' in html and 'hx-trigger="every 2s"' in html
    assert "Looking up at the exchange and on chain" in html
    TicketTriage.objects.filter(ticket=ticket).update(state="done")
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "every 2s" not in html and "every 30s" in html


def test_the_slow_check_answers_204_until_a_new_message_re_triggers_the_look_up(ticket, client):
    TicketTriage.objects.filter(ticket=ticket).update(state="done")
    updated = TicketTriage.objects.get(ticket=ticket).updated_at.isoformat()
    url = f"/triage/tickets/{ticket.pk}/panel"
    assert client.get(url, {"since": updated}).status_code == 204
    customer_message_add(ticket=ticket, body="any news?")
    response = client.get(url, {"since": updated})
    assert response.status_code == 200 and "every 2s" in response.content.decode()


def test_a_ticket_with_nothing_to_look_up_shows_a_quiet_panel_that_does_not_poll(with_triage_step, client):
    quiet = ticket_open(customer=make_customer(), subject="Hi", body="How do I change my email?")
    html = client.get(f"/triage/tickets/{quiet.pk}/panel").content.decode()
    assert "No transaction hash, address or network" in html and "hx-get" not in html


def test_the_fragment_costs_a_fixed_number_of_queries_however_many_mentions(
    with_triage_step, client, agent, django_assert_max_num_queries
):
    hashes = " ".join("0x" + f"{i:02x}" * 32 for i in range(1, 40))
    many = ticket_open(customer=make_customer(), subject="Many", body=f"deposits {hashes}")
    with django_assert_max_num_queries(8):
        assert client.get(f"/triage/tickets/{many.pk}/panel").status_code == 200


def test_the_api_and_the_fragment_say_the_same(ticket, client, agent):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(agent)
    data = api.get(f"/api/triage/tickets/{ticket.pk}/").json()
    assert data["state"] == "pending" and data["pending"] is True and data["poll_seconds"] == 2
    assert [m["value"] for m in data["mentions"]] == [ETH["usdt_deposit"]]


def test_look_up_again_marks_the_triage_pending_and_queues_the_look_up_after_the_commit(
    ticket, client, monkeypatch, django_capture_on_commit_callbacks
):
    from triage import tasks

    queued: list[int] = []
    monkeypatch.setattr(tasks.triage_lookup_task, "delay", lambda ticket_id: queued.append(ticket_id))
    TicketTriage.objects.filter(ticket=ticket).update(state="done", facts={"lookups": [{"kind": "tx_hash"}]})
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert f'hx-post="/triage/tickets/{ticket.pk}/refresh"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/triage/tickets/{ticket.pk}/refresh")
    assert response.status_code == 200 and "every 2s" in response.content.decode()
    triage = TicketTriage.objects.get(ticket=ticket)
    assert (triage.state, triage.generation) == ("pending", 2)
    assert queued == [ticket.pk]
    assert client.get(f"/triage/tickets/{ticket.pk}/refresh").status_code == 405


def test_look_up_again_on_a_ticket_with_nothing_to_look_up_changes_nothing(with_triage_step, client):
    quiet = ticket_open(customer=make_customer(), subject="Hi", body="Hello")
    assert client.post(f"/triage/tickets/{quiet.pk}/refresh").status_code == 200
    assert not TicketTriage.objects.filter(ticket=quiet).exists()


def test_the_team_named_for_a_skill_is_the_specialists_before_the_general_desk():
    from tests.factories import make_team
    from triage.services import teams_by_skill

    make_team(name="General desk", slug="general", tier=1, skills=["wallets", "kyc"])
    make_team(name="On-chain specialists", slug="onchain", tier=2, skills=["wallets"])
    make_team(name="Executives", slug="exec", tier=3, skills=["kyc", "security"])
    found = {skill: team.name for skill, team in teams_by_skill(["wallets", "kyc", "security", ""]).items()}
    assert found == {"wallets": "On-chain specialists", "kyc": "General desk", "security": "Executives"}


def test_a_look_up_pending_for_minutes_says_it_is_slow_and_old_facts_say_they_are_stale(ticket, client):
    import datetime as dt

    from django.utils import timezone

    TicketTriage.objects.filter(ticket=ticket).update(requested_at=timezone.now() - dt.timedelta(minutes=3))
    assert "taking longer than usual" in client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    TicketTriage.objects.filter(ticket=ticket).update(
        state="done", looked_up_at=timezone.now() - dt.timedelta(hours=2)
    )
    html = client.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "more than 30 minutes old" in html and "taking longer" not in html
