import json
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from customers.models import VipLevel
from routing.models import RoutingRule
from tests.factories import make_agent, make_customer, make_ticket
from tickets.models import Tag, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db

DRY_RUN = reverse("routing:rule-dry-run")


@pytest.fixture
def supervisor_client(supervisor: Any) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


@pytest.fixture
def vip_rule(wallets_team: Any) -> RoutingRule:
    return RoutingRule.objects.create(
        position=1,
        name="VIPs to wallets",
        conditions=[{"field": "vip_level", "op": "in", "value": ["vip2", "vip3"]}],
        actions={"team": "wallets", "tier": 2, "priority": "high", "to_account_manager": True},
    )


@pytest.fixture
def vip_ticket(general_team: Any) -> Ticket:
    # With a team given, nothing routes the ticket: the dry run is the only decision made for it.
    return make_ticket(team=general_team, customer=make_customer(vip_level=VipLevel.VIP2, region="EU"))


def _rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Ticket, TimelineEntry, AuditEvent, RoutingRule, Tag)
    }


def _text(response: Any) -> str:
    return unescape(response.content.decode())


def _section(page: str, css: str) -> str:
    return page.split(f'class="card {css}"', 1)[1].split("</section>", 1)[0]


def test_the_page_lists_the_active_rules_in_order_in_words(supervisor_client: Client, vip_rule: Any) -> None:
    RoutingRule.objects.create(
        position=5, name="Urgent security", conditions=[], actions={"priority": "urgent"}
    )
    RoutingRule.objects.create(position=2, name="Switched off", is_active=False, actions={"tier": 3})
    page = _section(_text(supervisor_client.get(DRY_RUN)), "rules-list")
    first = (
        "rule 1 (VIPs to wallets): VIP level in vip2, vip3 -> "
        "tier 2, team wallets, priority high, account manager"
    )
    second = "rule 2 (Urgent security): always -> priority urgent"
    assert first in page
    assert second in page
    assert page.index(first) < page.index(second)
    assert "Switched off" not in page


def test_admins_get_links_to_edit_the_rules_in_the_admin(vip_rule: Any) -> None:
    client = Client()
    client.force_login(make_agent(username="root", role="admin", is_staff=True, is_superuser=True))
    page = client.get(DRY_RUN).content.decode()
    assert f'href="{reverse("admin:routing_routingrule_change", args=[vip_rule.pk])}"' in page
    assert f'href="{reverse("admin:routing_routingrule_changelist")}"' in page


def test_a_dry_run_shows_the_decision_its_reasons_and_facts_and_writes_nothing(
    supervisor_client: Client, vip_rule: Any, vip_ticket: Ticket
) -> None:
    before, routing = _rows(), vip_ticket.routing
    response = supervisor_client.get(DRY_RUN, {"ticket": vip_ticket.reference})
    assert response.status_code == 200
    page = _text(response)
    decision = _section(page, "decision")
    assert f"Decision for {vip_ticket.reference}" in decision
    assert "Tier 2 - specialists" in decision
    assert "Wallets <code>wallets</code>" in decision
    assert "<dd>High</dd>" in decision
    assert "offered to the customer's account manager first" in decision
    assert "rule 1 (VIPs to wallets): VIP level in vip2, vip3" in decision
    assert "<td>VIP level</td><td><code>vip_level</code></td><td>vip2</td>" in decision
    assert "<td>region</td><td><code>region</code></td><td>EU</td>" in decision
    assert _rows() == before
    vip_ticket.refresh_from_db()
    assert vip_ticket.routing == routing
    assert vip_ticket.team is not None and vip_ticket.team.slug == "general"


def test_a_candidate_rule_replacing_a_saved_one_changes_the_decision(
    supervisor_client: Client, vip_rule: Any, vip_ticket: Ticket
) -> None:
    before = _rows()
    response = supervisor_client.get(
        DRY_RUN,
        {
            "ticket": str(vip_ticket.pk),
            "name": "EU VIPs get tagged",
            "conditions": json.dumps([{"field": "region", "op": "eq", "value": "EU"}]),
            "actions": json.dumps({"tags": ["eu-vip"]}),
            "replaces": vip_rule.pk,
        },
    )
    decision = _section(_text(response), "decision")
    assert "rule 1 (EU VIPs get tagged): region = EU -> tags eu-vip" in decision
    assert '<span class="tag">eu-vip</span>' in decision
    assert "VIPs to wallets" not in decision
    assert "chosen by tier and skill" in decision
    assert _rows() == before
    assert RoutingRule.objects.get(pk=vip_rule.pk).name == "VIPs to wallets"


def test_a_malformed_candidate_shows_the_engines_message(
    supervisor_client: Client, vip_ticket: Ticket
) -> None:
    response = supervisor_client.get(
        DRY_RUN,
        {
            "ticket": vip_ticket.reference,
            "conditions": json.dumps([{"field": "vip_level", "op": "gt", "value": "vip1"}]),
            "actions": "{}",
        },
    )
    assert response.status_code == 400
    page = _text(response)
    assert "condition 1: VIP level does not take 'gt'; use one of eq, in, is_set, ne, not_in, not_set" in page
    assert 'class="card decision"' not in page


def test_conditions_that_are_not_json_say_so(supervisor_client: Client, vip_ticket: Ticket) -> None:
    response = supervisor_client.get(
        DRY_RUN, {"ticket": vip_ticket.reference, "conditions": "[{field: vip_level}]"}
    )
    assert response.status_code == 400
    assert "The conditions are not valid JSON: Expecting property name" in _text(response)


def test_an_unknown_ticket_is_named_as_the_problem(supervisor_client: Client) -> None:
    response = supervisor_client.get(DRY_RUN, {"ticket": "HD-999999"})
    assert response.status_code == 400
    assert "No ticket has this reference." in _text(response)


def test_try_a_change_fills_the_form_with_the_saved_rule(supervisor_client: Client, vip_rule: Any) -> None:
    page = supervisor_client.get(DRY_RUN).content.decode()
    link = unescape(page.split('<li id="rule-', 1)[1].split('href="', 1)[1].split('"', 1)[0])
    form = _text(supervisor_client.get(DRY_RUN + link))
    assert 'value="VIPs to wallets"' in form
    assert f'<option value="{vip_rule.pk}" selected>' in form
    assert '"field": "vip_level"' in form
    assert 'class="card decision"' not in form
