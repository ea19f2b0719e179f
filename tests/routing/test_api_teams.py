"""/api/routing/teams/: supervisors read the whole configuration, agents the directory they transfer to;
admins alone change them, and every change is audited."""

import pytest

from audit.models import AuditEvent
from routing.models import Holiday, RoutingRule, Shift, Team, TeamMembership
from tests.factories import make_agent, make_team, make_ticket
from tests.routing.conftest import api_as, changes, member

pytestmark = pytest.mark.django_db

NEW_TEAM = {
    "name": "Wallets APAC",
    "slug": "wallets-apac",
    "tier": 2,
    "skills": ["wallets", "payments"],
    "languages": ["en", "zh-hans"],
    "region": "APAC",
    "time_zone": "Asia/Singapore",
    "wait_target_seconds": 120,
    "chat_capacity": 2,
    "ticket_capacity": 20,
    "vip_reserved_capacity": 1,
    "accepts_overflow": False,
    "is_outsourced": False,
    "shifts": [
        {"weekday": 0, "start": "08:00", "end": "16:00"},
        {"weekday": 4, "start": "22:00", "end": "06:00"},
    ],
    "holidays": [{"date": "2026-12-25", "name": "Christmas"}],
}


def test_supervisors_read_teams_with_their_shifts_holidays_and_members(supervisor_api, general_team):
    lead = member(general_team, "lead")
    TeamMembership.objects.filter(user=lead).update(is_lead=True)
    Shift.objects.create(team=general_team, weekday=2, start="09:00", end="17:00")
    Holiday.objects.create(team=general_team, date="2026-01-01", name="New year")

    rows = supervisor_api.get("/api/routing/teams/").json()
    assert [r["slug"] for r in rows] == ["general"]
    team = supervisor_api.get("/api/routing/teams/general/").json()
    assert team == supervisor_api.get(f"/api/routing/teams/{general_team.pk}/").json()
    assert team["shifts"] == [{"weekday": 2, "start": "09:00", "end": "17:00"}]
    assert team["holidays"] == [{"date": "2026-01-01", "name": "New year"}]
    assert team["members"] == [{"user": lead.pk, "username": "lead", "name": "lead", "is_lead": True}]


def test_agents_read_the_team_directory_without_members_shifts_or_capacities(api_client, general_team):
    member(general_team, "lead")
    Shift.objects.create(team=general_team, weekday=2, start="09:00", end="17:00")
    rows = api_client.get("/api/routing/teams/").json()
    assert rows == [
        {
            "id": general_team.pk,
            "name": "General",
            "slug": "general",
            "tier": 1,
            "skills": [],
            "languages": ["en", "es"],
            "region": general_team.region,
            "is_outsourced": False,
        }
    ]
    assert api_client.get("/api/routing/teams/general/").json() == rows[0]


def test_an_unknown_team_is_a_404(api_client):
    response = api_client.get("/api/routing/teams/nobody/")
    assert response.status_code == 404
    assert response.json()["message"] == "No such team"


def test_an_admin_creates_a_team_and_the_creation_is_audited(admin_api, routing_admin):
    agent = make_agent(username="kim")
    response = admin_api.post(
        "/api/routing/teams/", {**NEW_TEAM, "members": [{"user": agent.pk, "is_lead": True}]}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    team = Team.objects.get(slug="wallets-apac")
    assert body["id"] == team.pk
    assert (team.tier, team.time_zone, team.skills, team.accepts_overflow) == (
        2,
        "Asia/Singapore",
        ["wallets", "payments"],
        False,
    )
    assert body["shifts"] == NEW_TEAM["shifts"]
    assert list(team.memberships.values_list("user__username", "is_lead")) == [("kim", True)]
    event = AuditEvent.objects.get(action="team.created")
    assert event.actor == routing_admin
    assert event.object_id == str(team.pk)
    assert event.before is None
    after = changes(event)[1]
    assert after["shifts"] == [[0, "08:00", "16:00"], [4, "22:00", "06:00"]]
    assert after["members"] == [[agent.pk, True]]


def test_a_nested_list_sent_replaces_the_whole_list_and_one_left_out_stays(admin_api, general_team):
    keep = member(general_team, "keep")
    Shift.objects.create(team=general_team, weekday=0, start="09:00", end="17:00")
    Shift.objects.create(team=general_team, weekday=1, start="09:00", end="17:00")

    response = admin_api.patch(
        "/api/routing/teams/general/",
        {"chat_capacity": 5, "shifts": [{"weekday": 6, "start": "10:00", "end": "14:00"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert list(general_team.shifts.values_list("weekday", flat=True)) == [6]
    assert list(general_team.memberships.values_list("user", flat=True)) == [keep.pk]
    general_team.refresh_from_db()
    assert general_team.chat_capacity == 5
    event = AuditEvent.objects.get(action="team.updated")
    before, after = changes(event)
    assert before["shifts"] == [[0, "09:00", "17:00"], [1, "09:00", "17:00"]]
    assert after["shifts"] == [[6, "10:00", "14:00"]]
    assert (before["chat_capacity"], after["chat_capacity"]) == (3, 5)


def test_an_empty_list_clears_the_members(admin_api, general_team):
    member(general_team, "gone")
    response = admin_api.patch(f"/api/routing/teams/{general_team.pk}/", {"members": []}, format="json")
    assert response.status_code == 200
    assert response.json()["members"] == []
    assert not general_team.memberships.exists()


def test_renaming_a_teams_slug_rewrites_the_rules_that_send_cases_to_it(admin_api, wallets_team):
    rule = RoutingRule.objects.create(
        name="Withdrawals", conditions=[], actions={"team": "wallets", "tier": 2}
    )
    response = admin_api.patch("/api/routing/teams/wallets/", {"slug": "wallets-global"}, format="json")
    assert response.status_code == 200, response.content
    rule.refresh_from_db()
    assert rule.actions == {"team": "wallets-global", "tier": 2}
    assert changes(AuditEvent.objects.get(action="team.updated"))[1]["rules_updated"] == [rule.pk]


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_may_create_change_or_delete_a_team(general_team, role):
    client = api_as(make_agent(username=f"a-{role}", role=role))
    refused = [
        client.post("/api/routing/teams/", NEW_TEAM, format="json"),
        client.put("/api/routing/teams/general/", NEW_TEAM, format="json"),
        client.patch("/api/routing/teams/general/", {"chat_capacity": 9}, format="json"),
        client.delete("/api/routing/teams/general/"),
    ]
    assert [r.status_code for r in refused] == [403] * 4
    assert refused[0].json()["message"] == "Only admins may change routing."
    assert list(Team.objects.values_list("slug", "chat_capacity")) == [("general", 3)]
    assert not AuditEvent.objects.filter(action__startswith="team.").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"skills": ["wallets", "lambo"]}, "skills", '"lambo" is not a valid choice.'),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone"),
        ({"time_zone": "America"}, "time_zone", "Unknown time zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone", "Unknown time zone"),
        (
            {"shifts": [{"weekday": 7, "start": "08:00", "end": "16:00"}]},
            "shifts",
            '"7" is not a valid choice.',
        ),
        ({"shifts": [{"weekday": 1, "start": "25:00", "end": "16:00"}]}, "shifts", "Time has wrong format"),
        ({"shifts": [{"weekday": 1, "start": "08:00"}]}, "shifts", "This field is required."),
        (
            {"shifts": [{"weekday": 1, "start": "08:00", "end": "16:00", "tz": "UTC"}]},
            "shifts",
            "Unknown field.",
        ),
        ({"shifts": {"weekday": 1}}, "shifts", "Expected a list of items"),
        ({"holidays": [{"date": "2026-02-30"}]}, "holidays", "Date has wrong format"),
        (
            {"holidays": [{"date": "2026-12-25"}, {"date": "2026-12-25", "name": "again"}]},
            "holidays",
            "Each date can be a holiday only once.",
        ),
        ({"members": [{"user": 987654}]}, "members", "Invalid pk"),
        ({"members": [{"user": "me"}]}, "members", "Incorrect type"),
        ({"tier": 7}, "tier", '"7" is not a valid choice.'),
        ({"chat_capacity": -1}, "chat_capacity", "greater than or equal to 0"),
        ({"vip_reserved_capacity": 50}, "vip_reserved_capacity", "Cannot be more than"),
        ({"languages": ["<script>"]}, "languages", "language code"),
        ({"slug": "has space"}, "slug", "valid"),
        ({"name": "General"}, "name", "already exists"),
        ({"colour": "blue"}, "colour", "Unknown field."),
    ],
)
def test_bad_team_settings_are_refused_with_a_message_and_nothing_changes(
    admin_api, general_team, change, field, message
):
    response = admin_api.post("/api/routing/teams/", {**NEW_TEAM, **change}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"]
    assert message in body["message"]
    assert list(Team.objects.values_list("slug", flat=True)) == ["general"]
    assert not AuditEvent.objects.filter(action__startswith="team.").exists()


def test_a_team_that_still_has_tickets_cannot_be_deleted(admin_api, general_team):
    make_ticket(team=general_team)
    response = admin_api.delete("/api/routing/teams/general/")
    assert response.status_code == 400
    assert response.json()["message"] == ("General still has 1 ticket; transfer it to another team first.")
    assert Team.objects.filter(pk=general_team.pk).exists()


def test_a_team_a_rule_sends_cases_to_cannot_be_deleted(admin_api, wallets_team):
    RoutingRule.objects.create(name="Withdrawals", conditions=[], actions={"team": "wallets"})
    response = admin_api.delete("/api/routing/teams/wallets/")
    assert response.status_code == 400
    assert (
        response.json()["message"] == "Routing rules send cases to Wallets: Withdrawals. Change them first."
    )
    assert Team.objects.filter(pk=wallets_team.pk).exists()


def test_an_idle_team_is_deleted_with_its_shifts_and_the_deletion_is_audited(admin_api, general_team):
    member(general_team, "someone")
    Shift.objects.create(team=general_team, weekday=0, start="09:00", end="17:00")
    response = admin_api.delete(f"/api/routing/teams/{general_team.pk}/")
    assert response.status_code == 204
    assert not Team.objects.exists()
    assert not Shift.objects.exists()
    event = AuditEvent.objects.get(action="team.deleted")
    assert event.object_id == str(general_team.pk)
    before = changes(event)[0]
    assert before["slug"] == "general"
    assert len(before["members"]) == 1


@pytest.mark.parametrize("teams", [2, 10])
def test_listing_teams_takes_four_queries_however_many_there_are(
    supervisor_api, django_assert_num_queries, teams
):
    for n in range(teams):
        team = make_team(name=f"Desk {n}", slug=f"desk-{n}")
        member(team, f"desk{n}-agent", online=False)
        Shift.objects.create(team=team, weekday=n % 7, start="09:00", end="17:00")
        Holiday.objects.create(team=team, date="2026-12-25")
    # The teams, their shifts, holidays, and members.
    with django_assert_num_queries(4):
        rows = supervisor_api.get("/api/routing/teams/").json()
    assert len(rows) == teams
    assert all(len(r["members"]) == 1 and len(r["shifts"]) == 1 and r["holidays"] for r in rows)


def test_a_partner_agent_sees_only_their_own_teams(general_team):
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    member(general_team, "in-house")
    partner = member(partner_team, "pat", online=False)
    client = api_as(partner)
    assert [t["slug"] for t in client.get("/api/routing/teams/").json()] == ["partner-desk"]
    assert client.get("/api/routing/teams/general/").status_code == 404
