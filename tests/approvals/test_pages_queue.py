"""The approvals queue: who sees it, its filters, its order, masking, and a fixed query count."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from approvals.models import ActionKind, RequestStatus
from tests.approvals.ui_rows import approval_row, grant, join, security_team
from tests.factories import make_agent, make_customer, make_ticket

pytestmark = pytest.mark.django_db
QUEUE = "/approvals/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approver(db: None) -> Any:
    return grant(make_agent(username="ada", first_name="Ada"), ActionKind.RESET_2FA)


def test_agents_without_an_approval_permission_are_turned_away(agent_client: Client):
    assert agent_client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "admin", "auditor"])
def test_supervisors_admins_and_auditors_read_the_queue(role: str, agent):
    approval_row(make_ticket(), by=agent)
    response = _client(make_agent(username=f"r-{role}", role=role)).get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_rows_come_oldest_first_with_masked_customers_and_top_facts(approver, agent):
    customer = make_customer(name="Jo Doe", email="jo.doe@mail.example")
    newer = approval_row(make_ticket(customer=customer), by=agent, risk="high")
    older = approval_row(make_ticket(), by=agent, action=ActionKind.RESET_2FA, ago=dt.timedelta(hours=5))
    response = _client(approver).get(QUEUE)
    assert [r.request.pk for r in response.context["rows"]] == [older.pk, newer.pk]
    html = response.content.decode()
    assert "j•••@mail.example" in html
    assert "jo.doe@mail.example" not in html
    assert newer.ticket.reference in html
    assert "Two-factor authentication changed 3 hours ago" in html
    # Only the top three facts in a row; the fourth is on the request's page.
    assert "Claims to be the owner" not in html


def test_filters_by_status_action_and_waiting_for_me(approver, agent):
    ticket = make_ticket()
    mine = approval_row(ticket, by=agent)
    approval_row(make_ticket(), by=agent, action=ActionKind.CHANGE_EMAIL)
    approval_row(make_ticket(), by=agent, status=RequestStatus.REJECTED)
    own = approval_row(make_ticket(), by=approver)
    client = _client(approver)

    def pks(query: str) -> set[int]:
        return {r.request.pk for r in client.get(QUEUE + query).context["rows"]}

    assert len(pks("")) == 3  # open ones by default; approver sees its action's requests
    assert len(pks("?status=rejected")) == 1
    assert pks("?mine=on") == {mine.pk}  # not their own, not an action they may not approve
    assert own.pk in pks("?action=reset_2fa")


def test_a_high_risk_request_waits_for_the_security_team_only(approver, agent):
    high = approval_row(make_ticket(), by=agent, needs_security_team=True, risk="high")
    client = _client(approver)
    assert high.pk not in {r.request.pk for r in client.get(QUEUE + "?mine=on").context["rows"]}
    join(approver, security_team())
    assert high.pk in {r.request.pk for r in client.get(QUEUE + "?mine=on").context["rows"]}


def test_nonsense_filters_are_a_400_not_a_500(approver):
    response = _client(approver).get(QUEUE + "?status=bogus&page=-3&action=launch")
    assert response.status_code == 400
    assert "not understood" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 12])
def test_the_queue_costs_the_same_queries_for_one_row_or_twelve(
    approver, agent, rows: int, django_assert_num_queries: Any
):
    for n in range(rows):
        approval_row(make_ticket(), by=agent, risk="high" if n % 2 else "low")
    client = _client(approver)
    # Session, user, the clean room's team settings, the approver's permissions (own, groups), the rows,
    # their decisions, and the top bar's presence.
    with django_assert_num_queries(8):
        response = client.get(QUEUE + "?mine=on")
    assert len(response.context["rows"]) == rows


def test_the_nav_link_counts_what_waits_for_the_viewer(approver, agent, agent_client: Client):
    approval_row(make_ticket(), by=agent)
    approval_row(make_ticket(), by=agent, action=ActionKind.CHANGE_EMAIL)
    html = _client(approver).get(reverse("approvals:nav-link")).content.decode()
    assert "Approvals" in html
    assert ">1</span>" in html
    assert agent_client.get(reverse("approvals:nav-link")).content == b""
