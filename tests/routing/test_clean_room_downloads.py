"""Partner teams whose setting says so see an attachment's name and size, never its content: on the
ticket page and through the API. Teams that allow downloads, and in-house agents, download as before."""

import pytest

from tests.routing.clean_room_world import build_clean_room, page_client, token_client

pytestmark = pytest.mark.django_db

REFUSED = "download not allowed for your team"


def test_a_partner_team_without_downloads_sees_the_name_and_size_but_no_link():
    room = build_clean_room(allows_attachment_download=False)
    page = page_client(room.partner).get(f"/tickets/{room.ticket.pk}/").content.decode()
    assert "statement.txt" in page and "15\xa0bytes" in page
    assert REFUSED in page
    assert f"/tickets/attachments/{room.attachment.pk}/" not in page


def test_a_partner_team_without_downloads_is_refused_the_file_on_the_page_url():
    room = build_clean_room(allows_attachment_download=False)
    response = page_client(room.partner).get(f"/tickets/attachments/{room.attachment.pk}/")
    assert response.status_code == 403
    assert b"balance" not in response.content


def test_a_partner_team_without_downloads_is_refused_the_file_through_the_api():
    room = build_clean_room(allows_attachment_download=False)
    response = token_client(room.partner).get(f"/api/attachments/{room.attachment.pk}/")
    assert response.status_code == 403
    assert response.json()["message"] == "Download not allowed for your team."


def test_a_partner_team_that_allows_downloads_downloads():
    room = build_clean_room(allows_attachment_download=True)
    page = page_client(room.partner).get(f"/tickets/{room.ticket.pk}/").content.decode()
    assert f"/tickets/attachments/{room.attachment.pk}/" in page and REFUSED not in page
    response = page_client(room.partner).get(f"/tickets/attachments/{room.attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"balance: 1 BTC\n"  # type: ignore[attr-defined]
    api = token_client(room.partner).get(f"/api/attachments/{room.attachment.pk}/")
    assert api.status_code == 200


def test_one_partner_team_without_downloads_is_enough_to_refuse():
    from routing.models import Team
    from tests.factories import TeamMembershipFactory

    room = build_clean_room(allows_attachment_download=True)
    strict = Team.objects.create(
        name="Strict desk", slug="strict", is_outsourced=True, allows_attachment_download=False
    )
    TeamMembershipFactory(team=strict, user=room.partner)
    assert page_client(room.partner).get(f"/tickets/attachments/{room.attachment.pk}/").status_code == 403


def test_an_in_house_agent_downloads_whatever_partner_teams_may_do():
    room = build_clean_room(allows_attachment_download=False)
    room.ticket.team = None
    room.ticket.save(update_fields=["team"])
    response = page_client(room.agent).get(f"/tickets/attachments/{room.attachment.pk}/")
    assert response.status_code == 200
    assert token_client(room.agent).get(f"/api/attachments/{room.attachment.pk}/").status_code == 200
