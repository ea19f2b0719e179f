import json

import pytest

from tickets.models import EntryKind, Ticket


def _start(client, **extra):
    body = {"topic": "withdrawal", "name": "Guest", "message": "Hello", **extra}
    return client.post("/chat/api/start/", json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_a_chat_started_from_an_article_shows_the_agent_which_one(client):
    response = _start(
        client,
        article_url="https://help.example/help/es/articles/withdrawal-pending/",
        article_title="¿Por qué mi retiro está pendiente?",
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    first = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert first.body.startswith("Hello")
    assert "Read before the chat: ¿Por qué mi retiro está pendiente?" in first.body
    assert "https://help.example/help/es/articles/withdrawal-pending/" in first.body
    assert [t.name for t in ticket.tags.all()] == ["kb-withdrawal-pending"]


@pytest.mark.django_db
def test_a_chat_without_an_article_is_unchanged(client):
    _start(client)
    ticket = Ticket.objects.get()
    assert ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).body == "Hello"
    assert not ticket.tags.exists()


@pytest.mark.django_db
def test_an_address_that_is_not_a_help_center_article_is_ignored(client):
    _start(client, article_url="javascript:alert(1)//help/en/articles/x/", article_title="x")
    ticket = Ticket.objects.get()
    assert ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE).body == "Hello"


@pytest.mark.django_db
def test_a_non_text_article_field_is_a_400(client):
    response = _start(client, article_url=["x"])
    assert response.status_code == 400
    assert response.json()["message"] == "article_url must be text."


def test_the_widget_sends_the_article_it_was_given():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "static" / "livechat" / "widget.js").read_text()
    assert 'script.getAttribute("data-article-url")' in source
    assert "body.article_url = config.articleUrl" in source
