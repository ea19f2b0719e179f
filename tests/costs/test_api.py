"""/api/costs/rates/: supervisors and admins read every hourly cost, admins enter one, with the page's
validation and audit; malformed input is a 400 with a message, never a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from costs.models import CostRate
from tests.factories import make_agent

pytestmark = pytest.mark.django_db

URL = "/api/costs/rates/"


def api(user):
    client = APIClient()
    client.default_format = "json"
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin(db):
    return make_agent(username="root", role="admin")


def first_of_month() -> str:
    return dt.date.today().replace(day=1).isoformat()


def test_an_admin_enters_a_team_cost_and_an_agents_own(admin, inhouse_team, ana):
    client = api(admin)
    team = client.post(
        URL, {"team": inhouse_team.pk, "hourly_cost": "38.00", "effective_from": first_of_month()}
    )
    own = client.post(URL, {"agent": ana.pk, "hourly_cost": "44", "effective_from": first_of_month()})

    assert team.status_code == 201, team.json()
    assert team.json()["sourcing"] == "inhouse"
    assert team.json()["entered_by"] == "root"
    assert own.status_code == 201
    assert CostRate.objects.get(agent=ana).hourly_cost == Decimal("44.00")
    assert AuditEvent.objects.filter(action="costs.rate_set").count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hourly_cost": "-1"}, "hourly_cost"),
        ({"hourly_cost": "1e9"}, "hourly_cost"),
        ({"effective_from": "yesterday"}, "effective_from"),
        ({"team": 999999}, "team"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_malformed_input_is_a_400_naming_the_field(admin, inhouse_team, body, field):
    data = {"team": inhouse_team.pk, "hourly_cost": "30", "effective_from": first_of_month(), **body}
    response = api(admin).post(URL, data, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not CostRate.objects.exists()


def test_the_services_refusals_are_400s_with_their_message(admin, inhouse_team):
    past = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).isoformat()
    response = api(admin).post(URL, {"team": inhouse_team.pk, "hourly_cost": "30", "effective_from": past})

    assert response.status_code == 400
    assert "Past months are closed" in response.json()["message"]


def test_supervisors_read_costs_and_agents_do_not(admin, inhouse_team, ana):
    api(admin).post(URL, {"team": inhouse_team.pk, "hourly_cost": "30", "effective_from": first_of_month()})
    sofia = make_agent(username="sofia", role="supervisor")

    listed = api(sofia).get(URL)
    assert listed.status_code == 200
    assert [r["hourly_cost"] for r in listed.json()["results"]] == ["30.00"]
    assert api(sofia).post(URL, {}).status_code == 403
    assert api(ana).get(URL).status_code == 403
