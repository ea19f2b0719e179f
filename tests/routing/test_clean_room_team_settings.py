"""A team's clean-room settings: its networks are checked with messages that say what is wrong, and
the admin edits both settings, each change audited with the rest of the team's configuration."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from audit.models import AuditEvent
from routing.models import Team
from tests.factories import make_agent, make_team

pytestmark = pytest.mark.django_db


def _errors(allow_list: Any) -> list[str]:
    team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    team.ip_allow_list = allow_list
    with pytest.raises(ValidationError) as caught:
        team.clean()
    return caught.value.message_dict["ip_allow_list"]


def test_networks_in_cidr_notation_pass():
    team = make_team(is_outsourced=True, ip_allow_list=["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"])
    team.clean()


def test_an_entry_that_is_no_network_is_named():
    (message,) = _errors(["203.0.113.0/24", "office wifi"])
    assert "“office wifi” is not a network in CIDR notation" in message


def test_host_bits_are_refused_with_the_network_meant():
    (message,) = _errors(["203.0.113.7/24"])
    assert message == "“203.0.113.7/24” has host bits set: did you mean 203.0.113.0/24?"


@pytest.mark.parametrize("allow_list", ["203.0.113.0/24", [24], {"office": "203.0.113.0/24"}])
def test_anything_but_a_list_of_strings_is_refused(allow_list: Any):
    (message,) = _errors(allow_list)
    assert "list of networks" in message


@pytest.fixture
def admin_client() -> Client:
    admin = make_agent(username="ada", role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_the_team_admin_shows_both_settings(admin_client: Client):
    team = make_team(is_outsourced=True, ip_allow_list=["203.0.113.0/24", "2001:db8::/32"])
    page = admin_client.get(f"/admin/routing/team/{team.pk}/change/").content.decode()
    assert 'name="allows_attachment_download"' in page
    assert "203.0.113.0/24\n2001:db8::/32" in page


def _form(team: Team, **changes: Any) -> dict[str, Any]:
    data = {
        "name": team.name,
        "slug": team.slug,
        "tier": team.tier,
        "languages": ["en"],
        "region": "",
        "time_zone": "UTC",
        "wait_target_seconds": 180,
        "chat_capacity": 3,
        "ticket_capacity": 25,
        "vip_reserved_capacity": 0,
        "accepts_overflow": "on",
        "is_outsourced": "on",
        "allows_attachment_download": "on",
        "ip_allow_list": "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
        "shifts-TOTAL_FORMS": 0,
        "shifts-INITIAL_FORMS": 0,
        "holidays-TOTAL_FORMS": 0,
        "holidays-INITIAL_FORMS": 0,
        "reason": "Partner contract, clause 7",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admin_saves_both_settings_and_the_change_is_audited(admin_client: Client):
    team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    response = admin_client.post(
        f"/admin/routing/team/{team.pk}/change/",
        _form(team, allows_attachment_download=None, ip_allow_list="203.0.113.0/24\r\n\r\n 2001:db8::/32 "),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    team.refresh_from_db()
    assert team.allows_attachment_download is False
    assert team.ip_allow_list == ["203.0.113.0/24", "2001:db8::/32"]
    event = AuditEvent.objects.filter(object_type="routing.team", object_id=str(team.pk)).latest("id")
    assert (event.after or {})["ip_allow_list"] == ["203.0.113.0/24", "2001:db8::/32"]
    assert (event.after or {})["allows_attachment_download"] is False


def test_the_admin_shows_what_is_wrong_with_a_network(admin_client: Client):
    team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    response = admin_client.post(
        f"/admin/routing/team/{team.pk}/change/", _form(team, ip_allow_list="203.0.113.7/24")
    )
    assert response.status_code == 200
    assert "did you mean 203.0.113.0/24?" in response.content.decode()
    team.refresh_from_db()
    assert team.ip_allow_list == []
