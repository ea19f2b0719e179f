import pytest

from knowledgebase.models import VisitorSession
from tests.knowledgebase.conftest import make_article
from tickets.models import Channel, EntryKind, Ticket

URL = "/help/en/contact/"
FORM = {
    "name": "Ana",
    "email": "ana@mail.example",
    "subject": "Still pending",
    "message": "My BTC withdrawal is stuck.",
}


@pytest.fixture
def article(category):
    return make_article(category, "withdrawal-pending", {"en": ("Why is my withdrawal pending?", "Body.")})


def test_the_form_opens_a_web_ticket_carrying_the_article(article, client):
    client.get("/help/en/articles/withdrawal-pending/")
    response = client.post(URL, {**FORM, "article": "withdrawal-pending"})
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert "Your reference is " + ticket.reference in response.content.decode()
    assert ticket.channel == Channel.WEB and ticket.subject == "Still pending"
    first = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert "My BTC withdrawal is stuck." in first.body
    assert "Why is my withdrawal pending?" in first.body
    assert "http://testserver/help/en/articles/withdrawal-pending/" in first.body
    assert {"kb-withdrawal-pending", "help-center"} <= {t.name for t in ticket.tags.all()}
    assert (ticket.customer.email, ticket.customer.name) == ("ana@mail.example", "Ana")
    assert VisitorSession.objects.get().contacted_at is not None


def test_an_invalid_email_is_refused_with_a_message(article, client):
    response = client.post(URL, {**FORM, "email": "not-an-address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_bot_filling_the_hidden_field_creates_nothing(article, client):
    response = client.post(URL, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200 and "Thanks" in response.content.decode()
    assert not Ticket.objects.exists()


def test_one_address_is_rate_limited(article, client, settings):
    settings.KB_CONTACTS_PER_ADDRESS = 2
    assert client.post(URL, FORM).status_code == 200
    assert client.post(URL, FORM).status_code == 200
    response = client.post(URL, FORM)
    assert response.status_code == 429 and "Too many messages" in response.content.decode()
    assert Ticket.objects.count() == 2


def test_the_form_page_names_the_article(article, client):
    page = client.get(URL, {"article": "withdrawal-pending"}).content.decode()
    assert "About the article: Why is my withdrawal pending?" in page
    assert 'name="website"' in page
