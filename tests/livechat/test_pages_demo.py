import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.errors import DomainError
from livechat.identity import identity_verify

pytestmark = pytest.mark.django_db

DEMO = reverse("livechat:demo")


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))


def _widget_tag(response) -> dict[str, str | None]:
    parser = _Scripts()
    parser.feed(response.content.decode())
    tags = [s for s in parser.scripts if (s.get("src") or "").endswith("/static/livechat/widget.js")]
    assert len(tags) == 1, parser.scripts
    return tags[0]


def test_the_demo_page_embeds_the_widget_as_an_exchange_would_with_a_valid_signed_identity(client: Client):
    response = client.get(DEMO)

    assert response.status_code == 200
    tag = _widget_tag(response)
    assert tag["src"] == "http://testserver/static/livechat/widget.js"
    assert tag["data-helpdesk"] == "http://testserver"
    assert "async" in tag
    identity = identity_verify(tag["data-identity"] or "")
    assert identity.sub == "EX-DEMO-VIP"
    assert identity.claims["vip_level"] == "vip2"
    assert identity.claims["kyc_status"] == "verified"


def test_the_demo_page_shows_a_mock_exchange_with_a_pending_withdrawal(client: Client):
    page = client.get(DEMO).content.decode()

    assert "CryptoX" in page
    assert "Balances" in page
    assert page.count('class="pending"') == 1


def test_the_switch_to_chat_anonymously_leaves_the_identity_out(client: Client):
    response = client.get(DEMO, {"as": "guest"})

    tag = _widget_tag(response)
    assert "data-identity" not in tag
    assert tag["data-helpdesk"] == "http://testserver"
    assert 'href="?lang=en"' in response.content.decode()


def test_the_widget_speaks_the_language_asked_for_and_english_otherwise(client: Client):
    assert _widget_tag(client.get(DEMO, {"lang": "ja"}))["data-language"] == "ja"
    assert (
        identity_verify(_widget_tag(client.get(DEMO, {"lang": "ja"}))["data-identity"] or "").claims[
            "language"
        ]
        == "ja"
    )
    assert _widget_tag(client.get(DEMO, {"lang": "xx-evil"}))["data-language"] == "en"


def test_a_demo_identity_is_short_lived(client: Client):
    token = _widget_tag(client.get(DEMO))["data-identity"] or ""
    identity = identity_verify(token)

    with pytest.raises(DomainError):
        identity_verify(token, now=identity.expires_at + 1)


def test_there_is_no_demo_page_in_production(client: Client, settings):
    settings.PRODUCTION = True

    assert client.get(DEMO).status_code == 404


def test_the_demo_identity_is_signed_with_the_configured_secret(client: Client, settings):
    settings.LIVECHAT_IDENTITY_SECRET = "another-secret-for-this-test"
    token = _widget_tag(client.get(DEMO))["data-identity"] or ""

    assert identity_verify(token).sub == "EX-DEMO-VIP"
    settings.LIVECHAT_IDENTITY_SECRET = "yet-another-secret"
    with pytest.raises(DomainError):
        identity_verify(token)


def test_the_page_escapes_what_it_is_given(client: Client):
    response = client.get(DEMO, {"lang": '"><script>alert(1)</script>'})

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert re.search(r'data-language="en"', response.content.decode())
