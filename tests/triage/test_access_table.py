"""Who sees a ticket's triage, walked for every role over the panel fragment and the API; partner agents
see addresses and memos masked, with no explorer link for an address."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from intake.pipeline import ticket_open
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team
from tests.livechat.conftest import start_chat
from triage.models import TicketTriage

from .scenario import DEPOSIT, ETH

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "widget", "partner", "agent", "supervisor", "admin"]
BSC_HASH = "0x082c6a903aaf0a162494b16a8e06f7789cc82c1bb585ec4143a78f196dff1a94"


@pytest.fixture
def world(with_triage_step: None) -> dict[str, Any]:
    general = make_team(name="General", slug="general", tier=1, languages=["en"])
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=general, user=agent)
    body = f"Sent 250 USDT over BSC {BSC_HASH} to {DEPOSIT}"
    shared = ticket_open(customer=make_customer(), subject="USDT", body=body, team=partner_team)
    inhouse = ticket_open(customer=make_customer(), subject="USDT", body=body, team=general)
    for ticket in (shared, inhouse):
        # What the look-up stored (its own tests cover how); the panel only reads it.
        TicketTriage.objects.filter(ticket=ticket).update(
            state="done",
            diagnoses=[
                {
                    "code": "wrong_network",
                    "subject": BSC_HASH,
                    "evidence": [f"Seen on bsc: 250 USDT to {DEPOSIT}, confirmed."],
                    "params": {"network": "bsc", "expected_network": "ethereum", "tx": BSC_HASH[:10]},
                    "skill": "wallets",
                    "severity": "problem",
                    "reply": "wrong_network",
                }
            ],
            facts={
                "lookups": [
                    {
                        "kind": "tx_hash",
                        "value": BSC_HASH,
                        "network": "bsc",
                        "exchange": {"transfer": None, "fetched_at": None, "stale": False, "error": ""},
                        "chain": {"tx": {"status": "confirmed", "to_address": DEPOSIT}, "tried": ["bsc"]},
                    }
                ]
            },
        )
    return {
        "shared": shared,
        "inhouse": inhouse,
        "users": {
            "partner": partner,
            "agent": agent,
            "supervisor": make_agent(username="sam", role="supervisor"),
            "admin": make_agent(username="ada", role="admin"),
        },
    }


# Expected for partner, agent, supervisor, admin; anonymous callers and widget customers get 401 from
# the API and are sent to sign in (302) by the page.
EXPECTED = {"shared": (200, 200, 200, 200), "inhouse": (404, 200, 200, 200)}


def expected(role: str, which: str, unauthenticated: int) -> int:
    if role in ("anonymous", "widget"):
        return unauthenticated
    return EXPECTED[which][["partner", "agent", "supervisor", "admin"].index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_the_panel_and_the_api(role, world):
    page, api = Client(), APIClient()
    if role == "widget":
        token = start_chat(name="Visitor", message="hello")["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    elif role != "anonymous":
        page.force_login(world["users"][role])
        api.force_authenticate(world["users"][role])
    got, want = {}, {}
    for which in ("shared", "inhouse"):
        pk = world[which].pk
        got[("page", which)] = page.get(f"/triage/tickets/{pk}/panel").status_code
        got[("api", which)] = api.get(f"/api/triage/tickets/{pk}/").status_code
        want[("page", which)] = expected(role, which, 302)
        want[("api", which)] = expected(role, which, 401)
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_status_from_look_up_again(role, world, monkeypatch):
    from triage import tasks

    monkeypatch.setattr(tasks.triage_lookup_task, "delay", lambda ticket_id: None)
    page = Client()
    if role not in ("anonymous", "widget"):
        page.force_login(world["users"][role])
    got = {which: page.post(f"/triage/tickets/{world[which].pk}/refresh").status_code for which in EXPECTED}
    assert got == {which: expected(role, which, 302) for which in EXPECTED}


def test_a_partner_agent_sees_addresses_masked_and_no_address_link(world):
    api = APIClient()
    api.force_authenticate(world["users"]["partner"])
    data = api.get(f"/api/triage/tickets/{world['shared'].pk}/").json()
    assert data["masked"] is True
    address = next(m for m in data["mentions"] if m["kind"] == "address")
    assert address["value"] == f"{DEPOSIT[:6]}…{DEPOSIT[-4:]}" and address["explorer_url"] == ""
    assert data["lookups"][0]["chain"]["tx"]["to_address"] == f"{DEPOSIT[:6]}…{DEPOSIT[-4:]}"
    assert DEPOSIT not in str(data) and DEPOSIT.lower() not in str(data).lower()
    # The hash is the case itself: whole, with its explorer link.
    tx = next(m for m in data["mentions"] if m["kind"] == "tx_hash")
    assert tx["value"] == BSC_HASH and tx["explorer_url"] == f"https://bscscan.com/tx/{BSC_HASH}"
    page = Client()
    page.force_login(world["users"]["partner"])
    html = page.get(f"/triage/tickets/{world['shared'].pk}/panel").content.decode()
    assert DEPOSIT not in html and f"{DEPOSIT[:6]}…{DEPOSIT[-4:]}" in html


def test_an_in_house_agent_sees_the_address_whole_with_its_explorer_link(world):
    api = APIClient()
    api.force_authenticate(world["users"]["agent"])
    data = api.get(f"/api/triage/tickets/{world['inhouse'].pk}/").json()
    address = next(m for m in data["mentions"] if m["kind"] == "address")
    assert address["value"] == DEPOSIT
    assert address["explorer_url"] == f"https://bscscan.com/address/{DEPOSIT}"
    assert data["diagnoses"][0]["evidence"] == [f"Seen on bsc: 250 USDT to {DEPOSIT}, confirmed."]


def test_a_ticket_reference_works_in_the_api_and_a_bad_one_is_a_404_with_a_message(world):
    api = APIClient()
    api.force_authenticate(world["users"]["agent"])
    assert api.get(f"/api/triage/tickets/{world['inhouse'].reference}/").status_code == 200
    response = api.get("/api/triage/tickets/not-a-ticket/")
    assert response.status_code == 404 and response.json()["message"]


def test_what_a_customer_wrote_is_escaped_on_the_panel(with_triage_step, agent):
    body = f"<script>alert(1)</script> tx {ETH['usdt_deposit']}"
    ticket = ticket_open(customer=make_customer(), subject="x", body=body)
    TicketTriage.objects.filter(ticket=ticket).update(
        diagnoses=[
            {"code": "not_found", "subject": "<img src=x>", "evidence": ["<b>x</b>"], "params": {"tx": "<i>"}}
        ]
    )
    page = Client()
    page.force_login(agent)
    html = page.get(f"/triage/tickets/{ticket.pk}/panel").content.decode()
    assert "<img src=x>" not in html and "<b>x</b>" not in html and "<i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_tables_cover_every_triage_route(world):
    """A new triage page or endpoint fails here until someone decides who may call it."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    def routes(patterns, prefix=""):
        for p in patterns:
            pattern = prefix + p.pattern.regex.pattern.removeprefix("^")
            if isinstance(p, URLResolver):
                yield from routes(p.url_patterns, pattern.removesuffix("$"))
            elif isinstance(p, URLPattern):
                yield pattern

    walked = [f"triage/tickets/{world['shared'].pk}/panel", f"triage/tickets/{world['shared'].pk}/refresh"]
    walked.append(f"api/triage/tickets/{world['shared'].pk}/")
    mine = [r for r in routes(get_resolver().url_patterns) if r.startswith(("triage/", "api/triage/"))]
    # The reference chains under /reference-chains/ are a stand-in for the chains, not agents' pages.
    assert len(mine) == 3
    assert [r for r in mine if not any(re.fullmatch(r, path) for path in walked)] == []
