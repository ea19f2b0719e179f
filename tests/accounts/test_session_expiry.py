"""A staff session ends STAFF_SESSION_MAX_HOURS after sign-in however busy it is, and after
STAFF_SESSION_IDLE_MINUTES without a request: pages send the person to sign in again, the API answers
401."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from audit.models import AuditEvent
from tests.factories import make_agent

pytestmark = pytest.mark.django_db

SIGNED_IN = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.STAFF_SESSION_MAX_HOURS = 12
    settings.STAFF_SESSION_IDLE_MINUTES = 60


def at(minutes: float) -> Any:
    return time_machine.travel(SIGNED_IN + dt.timedelta(minutes=minutes), tick=False)


def signed_in() -> Client:
    client = Client()
    with at(0):
        client.force_login(make_agent(username="ana"))
    return client


def test_a_session_used_within_the_idle_limit_lives_on() -> None:
    client = signed_in()
    for minute in (59, 118, 177):
        with at(minute):
            assert client.get("/tickets/").status_code == 200, minute


def test_an_hour_without_a_request_ends_the_session() -> None:
    client = signed_in()
    with at(30):
        assert client.get("/tickets/").status_code == 200

    with at(30 + 60):
        response = client.get("/tickets/?queue=mine")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?")
    assert "expired=idle" in response["Location"]
    assert "_auth_user_id" not in client.session
    with at(31 + 60):
        page = client.get(response["Location"]).content.decode()
    assert "without activity" in page
    assert AuditEvent.objects.get(action="accounts.session.expired").after == {"reason": "idle"}


def test_a_busy_session_still_ends_after_the_maximum_length() -> None:
    client = signed_in()
    minute = 0
    while minute < 12 * 60 - 30:
        minute += 30
        with at(minute):
            assert client.get("/tickets/").status_code == 200, minute

    with at(12 * 60):
        response = client.get("/tickets/")

    assert response.status_code == 302
    assert "expired=max_age" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_the_api_answers_401_to_an_expired_session() -> None:
    client = signed_in()

    with at(61):
        response = client.get("/api/tickets/")

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_the_stored_session_expires_soon_after_the_idle_limit_and_the_maximum() -> None:
    # Five minutes' grace: the page can still say why the session ended.
    client = signed_in()
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).expire_date == SIGNED_IN + dt.timedelta(minutes=65)

    minute = 0
    while minute < 11 * 60 + 30:
        minute += 30
        with at(minute):
            client.get("/tickets/")
    assert Session.objects.get(session_key=key).expire_date == SIGNED_IN + dt.timedelta(hours=12, minutes=5)
