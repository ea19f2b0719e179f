from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_agent

pytestmark = pytest.mark.django_db

PAGES = ["routing:supervisor", "routing:rule-dry-run"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_an_agent_is_refused_the_routing_pages(agent_client: Client, page: str) -> None:
    response = agent_client.get(reverse(page))
    assert response.status_code == 403
    assert "Your role may not do this." in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_supervisors_and_admins_open_the_routing_pages(supervisor: Any, page: str) -> None:
    admin = make_agent(username="ada", role="admin")
    assert _client(supervisor).get(reverse(page)).status_code == 200
    assert _client(admin).get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, page: str) -> None:
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_board_partial_is_refused_to_an_agent_too(agent_client: Client) -> None:
    response = agent_client.get(reverse("routing:supervisor"), headers={"HX-Request": "true"})
    assert response.status_code == 403


def test_only_supervisors_see_the_routing_links_in_the_top_bar(agent_client: Client, supervisor: Any) -> None:
    links = [reverse("routing:supervisor"), reverse("routing:rule-dry-run")]
    agent_page = agent_client.get(reverse("tickets:queue")).content.decode()
    supervisor_page = _client(supervisor).get(reverse("tickets:queue")).content.decode()
    for link in links:
        assert f'href="{link}"' not in agent_page
        assert f'href="{link}"' in supervisor_page
