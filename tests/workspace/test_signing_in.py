import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_workspace_sends_a_stranger_to_the_sign_in_page(client: Client):
    response = client.get(reverse("tickets:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_agent_signs_in_and_lands_on_the_queues(client: Client, agent):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert b'name="password"' in page.content

    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("tickets:queue")
    assert "Alice Agent" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client: Client, agent):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


def test_signing_out_takes_a_post_and_ends_the_session(agent_client: Client):
    response = agent_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in agent_client.session


def test_an_unknown_page_says_not_found_in_html(agent_client: Client):
    response = agent_client.get("/tickets/999999/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
