"""The answer to a create built from the rows it wrote (workspace/ticket_created.py) is, byte for byte,
the one read back from the database afterwards, whatever the case holds; and a case whose steps
changed it after its statement (a redaction, routing) or whose tags need the database's order is
answered from the read."""

from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from customers.models import KycStatus, VipLevel
from tests.factories import CustomerFactory, make_agent, make_team
from tests.routing.conftest import member
from tickets.models import Ticket
from workspace import api
from workspace.ticket_list import ticket_created_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SECRET = (
    "my seed phrase: abandon ability able about above absent absorb abstract absurd abuse access accident"
)


@pytest.fixture
def tier0(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # As in production: tier 0 reads the first message in the worker, so routing waits for it.
    settings.ASSISTANT_ENABLED = True
    monkeypatch.setattr("assistant.tasks.assistant_assess_task.delay", lambda *args: None)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the cases answered from the read."""
    read: list[int] = []

    def spy(ticket: Ticket, viewer: Any) -> Any:
        read.append(ticket.pk)
        return ticket_created_data(ticket, viewer)

    monkeypatch.setattr(api, "ticket_created_data", spy)
    return read


def _cases() -> list[tuple[str, dict[str, Any], bool]]:
    """(name, body without the customer, answered from what was written)."""
    every = {
        "subject": "  Deposit of 2 BTC missing  ",
        "body": "<p>Sent yesterday.</p>",
        "body_format": "html",
        "channel": "phone",
        "priority": "urgent",
        "category": "deposit",
        "tier": 2,
        "language": "pt-br",
        "tags": ["Deposit Delay"],
    }
    return [
        ("plain", {"subject": "Withdrawal pending", "body": "Still pending."}, True),
        ("every field", every, True),
        ("no tags given", {**every, "tags": []}, True),
        ("two tags: the database's order", {**every, "tags": ["zeta", "Alpha"]}, False),
        ("a secret taken out", {"subject": "Help", "body": SECRET}, False),
    ]


def _post(client: APIClient, body: dict[str, Any], reads: list[int]) -> Any:
    # A first case warms what a running server holds (the configuration, read once per process).
    warm = {"customer_external_id": "WARM", "subject": "Warm", "body": "Warm"}
    CustomerFactory(external_id="WARM")
    assert client.post("/api/tickets/", warm, format="json").status_code == 201
    reads.clear()
    response = client.post("/api/tickets/", body, format="json")
    assert response.status_code == 201, response.content
    return response


def _fresh(response: Any, viewer: Any) -> bytes:
    ticket = Ticket.objects.get(pk=response.json()["id"])
    return JSONRenderer().render(ticket_created_data(ticket, viewer))


@pytest.mark.parametrize("vip", [VipLevel.STANDARD, VipLevel.VIP2], ids=["standard", "vip"])
@pytest.mark.parametrize(("name", "body", "written"), _cases(), ids=[c[0] for c in _cases()])
def test_the_answer_is_the_case_as_read_back(tier0, reads, vip, name, body, written):
    agent = make_agent(username="ana", first_name="Ana", last_name="Lopes")
    client = APIClient()
    client.force_authenticate(agent)
    customer: Any = CustomerFactory(vip_level=vip, kyc_status=KycStatus.VERIFIED, region="MT")
    response = _post(client, {**body, "customer": customer.pk}, reads)
    assert response.content == _fresh(response, agent)
    assert (reads == []) is written
    assert response.json()["customer"]["is_vip"] is (vip != VipLevel.STANDARD)
    assert ("redacted" in response.json()) is (body["body"] == SECRET)


@pytest.mark.parametrize("assigned", [False, True], ids=["unassigned", "assigned"])
@pytest.mark.parametrize("with_team", [False, True], ids=["no team", "team"])
def test_a_case_given_a_team_or_an_agent_is_answered_as_read_back(tier0, reads, assigned, with_team):
    team = make_team(name="Payments", slug="payments", tier=2, languages=["en"])
    agent = member(team, "bo", online=True)
    agent.first_name = "Bo"
    agent.save(update_fields=["first_name"])
    client = APIClient()
    client.force_authenticate(agent)
    customer: Any = CustomerFactory(external_id="EX-1")
    body: dict[str, Any] = {"customer_external_id": "EX-1", "subject": "Card blocked", "body": "Why?"}
    if with_team:
        body["team"] = team.pk
    if assigned:
        body["assignee"] = agent.pk
    response = _post(client, body, reads)
    assert response.content == _fresh(response, agent)
    answer = response.json()
    assert (answer["team"] is not None) is with_team
    assert (answer["assignee"] is not None) is assigned
    assert answer["customer"]["id"] == customer.pk
    assert reads == []


def test_a_case_routed_in_the_request_is_answered_from_the_read(reads):
    # Tier 0 off: routing writes the case again after its statement.
    team = make_team(name="Support", slug="support", tier=1, languages=["en"])
    agent = member(team, "cy", online=True)
    client = APIClient()
    client.force_authenticate(agent)
    customer: Any = CustomerFactory()
    response = _post(client, {"customer": customer.pk, "subject": "Withdrawal pending", "body": "Hi"}, reads)
    assert response.content == _fresh(response, agent)
    assert reads == [response.json()["id"]]
