"""The customer's live exchange state beside a ticket (HTML panel and JSON), for each role, with the
exchange up, down and answering from the cache."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from exchange import client as client_module
from exchange.access import mask_chain_value
from tests.exchange.conftest import LOCK_REASON

pytestmark = pytest.mark.django_db(transaction=True)


def panel_url(ticket):
    return f"/exchange/tickets/{ticket.pk}/panel/"


def api_url(ticket):
    return f"/api/exchange/tickets/{ticket.pk}/"


def get_panel(user, ticket):
    client = Client()
    client.force_login(user)
    return client.get(panel_url(ticket), HTTP_HX_REQUEST="true")


def test_an_agent_sees_account_state_transfers_addresses_warnings_and_security_events(
    reference_exchange, panel_world
):
    response = get_panel(panel_world.users["agent"], panel_world.ticket)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Withdrawals locked" in html
    assert "Hold after &lt;b&gt;password&lt;/b&gt; change" in html and LOCK_REASON not in html
    assert "vip2" in html and "under_review" in html
    assert "deposits suspended" in html and "Solana deposits paused" in html
    assert "40 SOL" in html and "250 XRP" in html
    assert "1/1 confirmations" in html
    assert f'title="{panel_world.deposit_address}"' in html
    assert "987654321" in html
    assert f'title="{panel_world.tx_hash}"' in html
    assert "not broadcast" in html  # the queued withdrawal has no hash yet
    assert "new_device" in html and "Lagos" in html
    assert "exchange-affected" in html  # the deposit on the suspended network is marked
    assert "Last known state" not in html
    assert 'href="/reference-exchange/"' in html


def test_a_partner_agent_sees_addresses_and_memos_masked_and_no_security_events(
    reference_exchange, panel_world
):
    response = get_panel(panel_world.users["partner"], panel_world.ticket)
    assert response.status_code == 200
    html = response.content.decode()
    assert panel_world.deposit_address not in html and panel_world.withdrawal_address not in html
    assert mask_chain_value(panel_world.deposit_address) in html
    assert "987654321" not in html and mask_chain_value("987654321") in html
    assert "Security events" not in html and "Lagos" not in html
    assert "masked for your team" in html
    assert "/reference-exchange/" not in html
    # The account state and the network warning are what the partner's work needs.
    assert "Withdrawals locked" in html and "deposits suspended" in html


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_see_the_panel_unmasked(reference_exchange, panel_world, role):
    html = get_panel(panel_world.users[role], panel_world.ticket).content.decode()
    assert f'title="{panel_world.deposit_address}"' in html and "Security events" in html


def test_a_partner_agent_gets_404_for_a_ticket_outside_their_teams(reference_exchange, panel_world):
    assert get_panel(panel_world.users["partner"], panel_world.hidden_ticket).status_code == 404
    assert get_panel(panel_world.users["agent"], panel_world.hidden_ticket).status_code == 200


def test_when_the_exchange_is_down_the_panel_says_so_and_still_answers_200(
    reference_exchange, panel_world, settings
):
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    response = get_panel(panel_world.users["agent"], panel_world.ticket)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The exchange cannot be reached" in html
    assert "Withdrawals locked" not in html


def test_when_the_exchange_goes_down_the_panel_shows_the_last_known_state_labelled_stale(
    reference_exchange, panel_world, settings, monkeypatch
):
    assert "Withdrawals locked" in get_panel(panel_world.users["agent"], panel_world.ticket).content.decode()
    for endpoint in client_module.FRESH_FOR:
        monkeypatch.setitem(client_module.FRESH_FOR, endpoint, 0)
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    html = get_panel(panel_world.users["agent"], panel_world.ticket).content.decode()
    assert "Withdrawals locked" in html and "40 SOL" in html
    assert html.count("Last known state, fetched") >= 3
    assert "<time datetime=" in html  # the age, with the moment in machine form


def test_the_panel_reads_the_database_a_fixed_number_of_times(
    reference_exchange, panel_world, django_assert_max_num_queries
):
    client = Client()
    client.force_login(panel_world.users["agent"])
    # Session and user, the ticket with its customer, the partner-team check. The exchange's own
    # queries run on the server's thread and connection, not this one.
    with django_assert_max_num_queries(5):
        response = client.get(panel_url(panel_world.ticket))
    assert response.status_code == 200 and "40 SOL" in response.content.decode()


def test_the_placeholder_loads_the_panel_by_its_own_request(panel_world):
    from django.template import Context, Template

    html = Template("{% load exchange %}{% exchange_panel ticket %}").render(
        Context({"ticket": panel_world.ticket})
    )
    assert f'hx-get="{panel_url(panel_world.ticket)}"' in html and 'hx-trigger="load"' in html


def api_get(user, ticket):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(api_url(ticket))


def test_the_api_gives_the_same_state_as_json(reference_exchange, panel_world):
    response = api_get(panel_world.users["agent"], panel_world.ticket)
    assert response.status_code == 200
    body = response.json()
    assert body["external_id"] == "EX-P1" and body["masked"] is False
    assert body["account"]["value"]["withdrawals_locked"] is True
    assert body["account"]["value"]["lock_reason"] == LOCK_REASON
    assert body["account"]["stale"] is False and body["account"]["error"] == ""
    deposit = next(t for t in body["transfers"]["value"] if t["direction"] == "deposit")
    assert deposit["address"] == panel_world.deposit_address and deposit["network_warning"] is True
    assert deposit["amount"] == "40" and deposit["confirmations"] == 1
    assert [w["network"] for w in body["network_warnings"]["value"]] == ["solana"]
    assert body["security_events"]["hidden"] is False
    assert body["security_events"]["value"][0]["kind"] == "new_device"


def test_the_api_masks_for_a_partner_agent(reference_exchange, panel_world):
    body = api_get(panel_world.users["partner"], panel_world.ticket).json()
    assert body["masked"] is True
    addresses = [t["address"] for t in body["transfers"]["value"]]
    assert panel_world.deposit_address not in addresses
    assert mask_chain_value(panel_world.deposit_address) in addresses
    assert body["security_events"] == {
        "value": None, "fetched_at": None, "stale": False, "age_seconds": 0, "error": "", "hidden": True
    }  # fmt: skip


def test_the_api_reports_an_exchange_that_is_down_in_each_section(reference_exchange, panel_world, settings):
    settings.EXCHANGE_RETRIES = 0
    reference_exchange.go_down()
    response = api_get(panel_world.users["agent"], panel_world.ticket)
    assert response.status_code == 200
    body = response.json()
    for section in ("account", "transfers", "deposit_addresses", "network_warnings", "security_events"):
        assert body[section]["value"] is None
        assert body[section]["error"].startswith(
            ("The exchange cannot be reached", "The exchange is unavailable")
        )


def test_the_api_reads_the_database_a_fixed_number_of_times(
    reference_exchange, panel_world, django_assert_max_num_queries
):
    client = APIClient()
    client.force_authenticate(panel_world.users["partner"])
    # The ticket, the partner check and the audit record of the partner's look (customers.customer.viewed).
    with django_assert_max_num_queries(4):
        response = client.get(api_url(panel_world.ticket))
    assert response.status_code == 200 and response.json()["masked"] is True
