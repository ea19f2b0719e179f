"""The ticket page and the chat console load the work heartbeat script, with no inline script: the
ticket page names its case, the console lets the script find the chats on screen."""

import re

import pytest

from tests.costs.conftest import case, signed_in

pytestmark = pytest.mark.django_db

TAG = re.compile(r'<script src="[^"]*costs/worktime\.js"[^>]*data-ticket="(\d*)"[^>]*></script>')


def test_the_ticket_page_loads_the_heartbeat_for_its_case(ana, inhouse_team):
    ticket = case(inhouse_team)
    page = signed_in(ana).get(f"/tickets/{ticket.pk}/").content.decode()

    assert TAG.findall(page) == [str(ticket.pk)]
    assert 'data-beat-url="/costs/beat/"' in page
    assert 'data-idle-minutes="5"' in page


def test_the_chat_console_loads_the_heartbeat_for_the_chats_on_screen(ana):
    page = signed_in(ana).get("/chat/console/").content.decode()

    assert TAG.findall(page) == [""]
