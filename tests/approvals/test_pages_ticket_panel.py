"""The ticket page's "High-risk actions" panel and the request form behind it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from approvals.models import ActionKind, ApprovalPolicy, ApprovalRequest, RequestStatus
from customers.models import VipLevel
from tests.approvals.ui_rows import approval_row, no_exchange_risk
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket

pytestmark = pytest.mark.django_db

EVIDENCE_2FA = ["id_reverified", "selfie_liveness", "registered_email_confirmed"]


def _page(client: Client, ticket: Any) -> str:
    response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _request(client: Client, ticket: Any, **data: Any) -> Any:
    return client.post(reverse("approvals:request-create", args=[ticket.pk]), data)


def test_the_ticket_page_lists_the_tickets_requests_with_their_risk(agent_client: Client, agent, ticket):
    approval_row(ticket, by=agent, risk="high")
    html = _page(agent_client, ticket)
    assert "High-risk actions" in html
    assert "Reset two-factor authentication" in html
    assert "Risk: High" in html
    assert "Waiting for approval" in html
    assert reverse("approvals:request-detail", args=[ApprovalRequest.objects.get().pk]) + "#risk" in html


def test_the_form_offers_only_the_actions_the_customers_level_enables(agent_client: Client):
    ApprovalPolicy.objects.create(action=ActionKind.CHANGE_EMAIL, vip_level=VipLevel.VIP2, enabled=False)
    vip = make_ticket(customer=make_customer(vip_level=VipLevel.VIP2))
    other = make_ticket()
    assert 'value="change_email"' not in _page(agent_client, vip)
    assert 'value="reset_2fa"' in _page(agent_client, vip)
    assert 'value="change_email"' in _page(agent_client, other)


def test_the_form_marks_the_evidence_the_policy_requires(agent_client: Client, ticket):
    html = _page(agent_client, ticket)
    fieldset = html[html.index('data-for-action="reset_2fa"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert fieldset.count("required</span>") == 3
    assert 'name="evidence_reset_2fa" value="id_reverified"' in fieldset
    # Unlocking withdrawals needs a call-back or a re-verified ID: either one will do.
    unlock = html[html.index('data-for-action="unlock_withdrawals"') :]
    assert "one of these required" in unlock[: unlock.index("</fieldset>")]


def test_a_request_with_its_evidence_is_made_and_shown(agent_client: Client, agent, ticket, monkeypatch):
    no_exchange_risk(monkeypatch, "medium")
    response = _request(
        agent_client, ticket, action="reset_2fa", reason="Lost phone", evidence_reset_2fa=EVIDENCE_2FA
    )
    made = ApprovalRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:request-detail", args=[made.pk])
    assert made.requested_by == agent
    assert made.risk_level == "medium"
    assert made.evidence["selfie_liveness"] is True
    assert (
        "Requested: Reset two-factor authentication"
        in agent_client.get(response["Location"]).content.decode()
    )


def test_missing_evidence_is_refused_on_the_page_and_nothing_is_written(
    agent_client: Client, ticket, monkeypatch
):
    no_exchange_risk(monkeypatch)
    # Evidence ticked under another action does not count for this one.
    response = _request(
        agent_client,
        ticket,
        action="reset_2fa",
        reason="Lost phone",
        evidence_reset_2fa=["id_reverified"],
        evidence_change_email=EVIDENCE_2FA,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Evidence missing" in html
    assert "Lost phone" in html  # what the agent typed is kept
    assert not ApprovalRequest.objects.exists()


def test_a_reason_is_required_and_params_are_asked_for_their_action(agent_client: Client, ticket):
    response = _request(agent_client, ticket, action="change_email", reason="")
    assert response.status_code == 400
    form = response.context["form"]
    assert "reason" in form.errors
    assert "new_email" in form.errors
    response = _request(agent_client, ticket, action="raise_withdrawal_limit", reason="x", new_limit="-5")
    assert "new_limit" in response.context["form"].errors
    assert not ApprovalRequest.objects.exists()


def test_a_second_open_request_for_the_same_action_is_refused(
    agent_client: Client, agent, ticket, monkeypatch
):
    no_exchange_risk(monkeypatch)
    approval_row(ticket, by=agent, action=ActionKind.REVOKE_API_KEYS)
    response = _request(agent_client, ticket, action="revoke_api_keys", reason="Keys leaked")
    assert response.status_code == 409
    assert "already open" in response.content.decode()
    assert ApprovalRequest.objects.count() == 1


def test_a_partner_agent_requests_on_their_teams_ticket(monkeypatch):
    no_exchange_risk(monkeypatch)
    partner_team = make_team(name="Vendor", slug="vendor", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(user=partner, team=partner_team)
    ticket = make_ticket(team=partner_team)
    client = Client()
    client.force_login(partner)
    assert "Request a high-risk action" in _page(client, ticket)
    response = _request(client, ticket, action="revoke_api_keys", reason="Customer asks, keys leaked")
    assert response.status_code == 302
    assert ApprovalRequest.objects.get().requested_by == partner


def test_a_hidden_ticket_answers_not_found_and_an_auditor_may_not_request(ticket):
    partner_team = make_team(name="Vendor", slug="vendor", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(user=partner, team=partner_team)
    client = Client()
    client.force_login(partner)
    assert _request(client, ticket, action="revoke_api_keys", reason="x").status_code == 404
    auditor = Client()
    auditor.force_login(make_agent(username="audrey", role="auditor"))
    assert auditor.get(reverse("approvals:request-create", args=[ticket.pk])).status_code in (403, 404)
    assert not ApprovalRequest.objects.exists()


def test_the_panel_costs_the_same_queries_for_one_request_or_many(agent_client: Client, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(ticket: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(agent_client, ticket)
        return len(queries)

    one, many = make_ticket(), make_ticket()
    approval_row(one, by=agent)
    for action in ActionKind.values:
        approval_row(many, by=agent, action=action, status=RequestStatus.REJECTED)
    # A first page fills what the process keeps between requests (configuration read once), so that
    # neither count below pays for it.
    _page(agent_client, make_ticket())
    assert count(one) == count(many)
