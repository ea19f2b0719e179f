"""The CSV export: supervisors and admins only, each export in the audit log, cells no spreadsheet runs."""

import csv
import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from audit.models import AuditEvent
from reports.rollup import reports_rollup_refresh
from reports.services import safe_cell
from routing.models import TeamMembership
from tests.factories import make_agent, make_team
from tests.reports.test_core_metrics import NOW, TODAY, D, H, ticket

pytestmark = pytest.mark.django_db
URL = "/reports/export.csv"


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_supervisor_exports_a_metric_by_team_and_the_export_is_audited(supervisor: Any):
    team = make_team(name="Wallets", slug="wallets")
    ticket(TODAY - 2 * D, first_response=2 * H, team=team)
    ticket(TODAY - 2 * D, first_response=4 * H, team=team)
    reports_rollup_refresh()
    response = client_for(supervisor).get(
        URL, {"metric": "first_response_time", "breakdown": "team", "period": "7"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *body = rows(response)
    assert header[:7] == ["metric", "breakdown", "key", "label", "value", "numerator", "denominator"]
    assert body == [
        [
            "first_response_time",
            "team",
            str(team.pk),
            "Wallets",
            "10800.0",
            "21600.0",
            "2",
            "all",
            "2026-11-12",
            "2026-11-18",
        ]
    ]
    event = AuditEvent.objects.get(action="reports.exported")
    assert event.actor == supervisor
    assert event.after is not None
    assert (event.after["metric"], event.after["breakdown"], event.after["rows"]) == (
        "first_response_time",
        "team",
        1,
    )
    assert (event.after["from"], event.after["to"]) == ("2026-11-12", "2026-11-18")


def test_admins_export_agents_partners_and_auditors_do_not(supervisor: Any):
    query = {"metric": "volume", "breakdown": "channel"}
    assert client_for(make_agent(username="ada", role="admin")).get(URL, query).status_code == 200
    assert client_for(make_agent(username="al")).get(URL, query).status_code == 403
    partner = make_agent(username="pat")
    TeamMembership.objects.create(team=make_team(slug="bpo", is_outsourced=True), user=partner)
    assert client_for(partner).get(URL, query).status_code == 403
    assert client_for(make_agent(username="aud", role="auditor")).get(URL, query).status_code == 403
    assert Client().get(URL, query).status_code == 302
    # Only the admin's export happened, so only it is in the log.
    assert AuditEvent.objects.filter(action="reports.exported").count() == 1


def test_team_names_that_look_like_formulas_are_not_run_by_a_spreadsheet(supervisor: Any):
    evil = make_team(name='=HYPERLINK("http://evil.example","x")', slug="evil")
    plus = make_team(name="+1 team", slug="plus")
    at = make_team(name="@SUM(A1)", slug="at")
    minus = make_team(name="-2+3", slug="minus")
    for team in (evil, plus, at, minus):
        ticket(TODAY - 1 * D, team=team)
    reports_rollup_refresh()
    response = client_for(supervisor).get(URL, {"metric": "volume", "breakdown": "team"})
    labels = {row[3] for row in rows(response)[1:]}
    assert labels == {'\'=HYPERLINK("http://evil.example","x")', "'+1 team", "'@SUM(A1)", "'-2+3"}


def test_safe_cell_leaves_plain_text_and_numbers_alone():
    assert safe_cell("Wallets") == "Wallets"
    assert safe_cell(12.5) == "12.5"
    assert safe_cell(None) == ""
    assert safe_cell("\tcmd") == "'\tcmd"


@pytest.mark.parametrize(
    "query",
    [
        {"metric": "nope"},
        {"metric": "volume", "breakdown": "planet"},
        {"metric": "volume", "side": "above"},
        {"metric": "volume", "period": "12"},
        {"metric": "volume", "period": "custom", "from": "2026-01-01", "to": "2027-06-01"},
        {"metric": "volume", "period": "custom", "from": "yesterday"},
    ],
)
def test_malformed_requests_get_a_400_with_a_message_and_no_audit_record(
    supervisor: Any, query: dict[str, str]
):
    response = client_for(supervisor).get(URL, query)
    assert response.status_code == 400
    assert response.content
    assert not AuditEvent.objects.filter(action="reports.exported").exists()


def test_the_export_reads_a_fixed_number_of_statements(supervisor: Any, django_assert_num_queries: Any):
    teams = [make_team(slug=f"t{n}") for n in range(3)]
    client = client_for(supervisor)
    query = {"metric": "volume", "breakdown": "team", "period": "30"}
    ticket(TODAY - 1 * D, team=teams[0])
    reports_rollup_refresh()
    # Session, user, the metric, team names, the audit record (in its savepoint).
    with django_assert_num_queries(7):
        client.get(URL, query)
    for n in range(20):
        ticket(TODAY - (n % 5) * D, team=teams[n % 3])
    reports_rollup_refresh()
    with django_assert_num_queries(7):
        client.get(URL, query)
