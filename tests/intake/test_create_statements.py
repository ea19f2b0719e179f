"""A ticket opened through the API: what the request costs in statements is fixed here, so it cannot
creep back. Counted inside the test's transaction (the request's BEGIN and COMMIT are two more in
production)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import CustomerFactory, make_team
from tests.routing.conftest import member
from tickets.models import EntryKind, Ticket

pytestmark = pytest.mark.django_db

BODY = {
    "subject": "Withdrawal pending",
    "body": "Still pending.",
    "channel": "api",
    "priority": "high",
    "category": "withdrawal",
}
# The request's own reads before and after (the caller's access: whether a partner agent, asked once
# now that who may be assigned is worked out only for a request that names a team or an agent; the
# customer, one statement written once per process; the answer: the ticket,
# its tags and its first message's redactions in one statement, and the caller's access to routing reasons);
# then the pipeline: one statement writes the ticket, its first message, its audit record and its SLA
# clock (computed from the configuration this process holds, written only where its version is still
# current); triage (a new case's first message that names nothing to look up costs nothing: no earlier
# look-up to repeat); routing (the configuration's version, the team's agents, one UPDATE of the ticket,
# its event and audit record); the clock computed again for the routed case comes out the same (no
# policy here tells the teams apart), so it is not written again.
NOBODY_ONLINE = 10
# With an agent free to take it, routing also hands it over: its capacity, the agent's claim, the
# assignment's event and audit record; the ticket row is still written once after its INSERT.
AGENT_ONLINE = 15


def _client(online: bool) -> tuple[APIClient, Any]:
    team = make_team(name="Support", slug="support", tier=1, languages=["en"])
    agent = member(team, "ana", online=online)
    client = APIClient()
    client.force_authenticate(agent)
    customer: Any = CustomerFactory()
    # A first ticket warms what a running server holds (configuration read once per process).
    assert client.post("/api/tickets/", {**BODY, "customer": customer.pk}, format="json").status_code == 201
    return client, customer


def _open(client: APIClient, customer: Any) -> tuple[Ticket, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/tickets/", {**BODY, "customer": customer.pk}, format="json")
    assert response.status_code == 201, response.content
    return Ticket.objects.get(pk=response.json()["id"]), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(("online", "statements"), [(False, NOBODY_ONLINE), (True, AGENT_ONLINE)])
def test_opening_a_ticket_through_the_api_costs_a_fixed_number_of_statements(online, statements):
    client, customer = _client(online)
    ticket, sql = _open(client, customer)
    assert len(sql) == statements, "\n".join(sql)
    assert ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).body == "Still pending."
    assert (ticket.assignee_id is not None) is online


def test_the_pipeline_never_reads_back_what_it_has_just_written():
    client, customer = _client(online=True)
    _ticket, sql = _open(client, customer)
    inserted = next(i for i, s in enumerate(sql) if s.startswith("WITH ticket AS (INSERT"))
    answer = next(i for i, s in enumerate(sql) if i > inserted and s.startswith("SELECT t."))
    pipeline = sql[inserted:answer]
    # The case's own rows and its clock are written by that one statement, and by no other.
    assert 'INSERT INTO "sla_ticketclock"' in sql[inserted]
    assert not [s for s in pipeline[1:] if "sla_ticketclock" in s or '"tickets_ticket" (' in s]
    # The first message is handed to the steps as written; a message written without files has none.
    assert not [
        s for s in pipeline if s.startswith(('SELECT "tickets_timelineentry"', 'SELECT "tickets_attachment"'))
    ]
    # No savepoint: the ticket's own write takes none inside the request, and triage, with nothing to
    # write for this message, opens none.
    assert not [s for s in pipeline if s.startswith("SAVEPOINT")]
    assert len([s for s in pipeline if s.startswith('UPDATE "tickets_ticket"')]) == 1
