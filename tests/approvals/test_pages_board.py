"""The supervisor board's "Approvals waiting" card, and the top bar's link to the approvals."""

import datetime as dt
import re

import pytest
from django.test import Client

from approvals.models import ActionKind, RequestStatus
from tests.approvals.ui_rows import approval_row
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_the_board_counts_pending_requests_by_action_with_the_oldest_wait(supervisor_client: Client, agent):
    approval_row(make_ticket(), by=agent, ago=dt.timedelta(hours=3, minutes=10))
    approval_row(make_ticket(), by=agent, action=ActionKind.CHANGE_EMAIL)
    approval_row(make_ticket(), by=agent, action=ActionKind.CHANGE_EMAIL, ago=dt.timedelta(minutes=5))
    approval_row(make_ticket(), by=agent, status=RequestStatus.EXECUTED, ago=dt.timedelta(days=3))
    html = supervisor_client.get("/routing/supervisor/", headers=HTMX).content.decode()
    card = re.search(r'<section class="card approvals-waiting".*?</section>', html, re.S)
    assert card
    text = card.group(0)
    assert '<strong class="num pending">3</strong>' in text
    assert re.search(r"Change the primary email: <span class=\"num\">2</span>", text)
    assert "oldest waiting 3 h 10 min" in text


def test_the_board_says_when_nothing_waits(supervisor_client: Client):
    assert "No approval request is waiting." in supervisor_client.get("/routing/supervisor/").content.decode()


def test_every_page_loads_the_approvals_link_after_itself(agent_client: Client):
    html = agent_client.get("/tickets/").content.decode()
    assert 'hx-get="/approvals/nav/"' in html
