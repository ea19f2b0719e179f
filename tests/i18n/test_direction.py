"""Every customer-facing surface says which language it is in and which way it reads: ar and fa right
to left (helpdesk.i18n.RTL), every other language left to right."""

import json
import re
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings
from django.core import mail as outbox
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from casework.services import ticket_reply
from helpdesk.i18n import text_direction
from tests.factories import make_agent
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import Ticket

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RIGHT_TO_LEFT = {"ar", "fa"}
WIDGET = Path(settings.BASE_DIR) / "static" / "livechat" / "widget.js"


def test_ar_and_fa_are_the_right_to_left_languages_the_helpdesk_lists():
    assert {code for code in LANGUAGES if text_direction(code) == "rtl"} == RIGHT_TO_LEFT


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_center_page_names_its_language_and_direction(language, client):
    page = client.get(f"/help/{language}/").content.decode()

    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("ja", "ltr"), ("ru", "ltr")]
)
def test_customer_email_names_its_language_and_direction(
    language, direction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = deliver(email(subject="Withdrawal pending"), make_mailbox()).ticket
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    ticket.refresh_from_db()
    outbox.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="We are looking into it.")

    [sent] = cast(list[EmailMultiAlternatives], outbox.outbox)
    html = str(sent.alternatives[0][0])
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f'<body dir="{direction}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "language", "direction"),
    [
        ("ar", "ar", "rtl"),
        ("fa", "fa", "rtl"),
        ("ja", "ja", "ltr"),
        ("pt-BR", "pt-br", "ltr"),
        ("xx", "en", "ltr"),
    ],
)
def test_the_widget_catalogue_names_its_language_and_direction(asked, language, direction):
    response = Client().get(f"/chat/api/i18n/{asked}.json")

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response["X-Text-Direction"] == direction
    assert isinstance(response.json()["catalog"], dict)


@pytest.mark.django_db
def test_the_widget_catalogue_may_be_read_from_the_exchanges_site_only(settings):
    settings.LIVECHAT_ALLOWED_ORIGINS = ["https://exchange.example"]

    allowed = Client().get("/chat/api/i18n/ar.json", HTTP_ORIGIN="https://exchange.example")
    refused = Client().get("/chat/api/i18n/ar.json", HTTP_ORIGIN="https://evil.example")

    assert allowed.status_code == 200 and allowed["Access-Control-Allow-Origin"] == "https://exchange.example"
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused


def test_the_widget_offers_the_helpdesks_languages_and_mirrors_the_right_to_left_ones():
    source = WIDGET.read_text()
    table = source.split("var LANGUAGES = [", 1)[1].split("];", 1)[0]
    offered = re.findall(r'^    \["([\w-]+)", "[^"]+"\],$', table, flags=re.M)
    rtl = re.search(r"var RTL = (\{[^}]*\});", source)
    assert rtl is not None
    mirrored = json.loads(re.sub(r"(\w+):", r'"\1":', rtl.group(1)))

    assert offered == LANGUAGES
    assert set(mirrored) == RIGHT_TO_LEFT
    assert 'setAttribute("dir", RTL[state.lang] ? "rtl" : "ltr")' in source
