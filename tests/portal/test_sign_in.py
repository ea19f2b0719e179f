"""Signing in with the exchange's signed identity: valid, expired, forged, replayed; the session is
the portal's own, short-lived, rotated at sign-in and ended by signing out."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from customers.models import Customer
from livechat.identity import identity_sign
from portal.session import COOKIE_NAME, SESSION_MAX_SECONDS
from tests.portal.conftest import identity_for
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_valid_identity_opens_the_customers_tickets(ticket: Ticket, customer: Customer) -> None:
    client = Client()
    response = client.get("/portal/enter/", {"identity": identity_for(customer.external_id)})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get("/portal/")
    assert page.status_code == 200
    assert "USDT withdrawal pending" in page.content.decode()
    # Whom the browser is signed in as is on every page.
    assert '<span class="portal-me">Ana Souza</span>' in page.content.decode()
    assert AuditEvent.objects.filter(action="portal.signed_in", object_id=str(customer.pk)).count() == 1


def test_the_session_cookie_is_httponly_lax_scoped_and_short_lived(customer: Customer) -> None:
    response = Client().get("/portal/enter/", {"identity": identity_for(customer.external_id)})
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/portal/"
    assert int(cookie["max-age"]) == SESSION_MAX_SECONDS
    # The portal never signs anyone in to Django: no staff session is made.
    assert "sessionid" not in response.cookies


def test_the_cookie_is_secure_when_the_site_is(customer: Customer, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True
    response = Client().get("/portal/enter/", {"identity": identity_for(customer.external_id)})
    assert response.cookies[COOKIE_NAME]["secure"] is True


def test_a_first_sign_in_creates_the_exchanges_customer_with_its_claims(db: None) -> None:
    client = Client()
    token = identity_for("EX-NEW-9", name="Lina Haddad", language="ar", email="lina@mail.example")
    assert client.get("/portal/enter/", {"identity": token}).status_code == 302
    customer = Customer.objects.get(external_id="EX-NEW-9")
    assert (customer.name, customer.language) == ("Lina Haddad", "ar")
    page = client.get("/portal/").content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page


def test_an_expired_identity_is_refused(customer: Customer) -> None:
    token = identity_sign({"sub": customer.external_id, "exp": int(time.time()) - 1})
    client = Client()
    response = client.get("/portal/enter/", {"identity": token})
    assert response.status_code == 403
    assert COOKIE_NAME not in response.cookies
    assert client.get("/portal/").status_code == 302


def test_a_forged_identity_is_refused(customer: Customer) -> None:
    token = identity_sign(
        {"sub": customer.external_id, "exp": int(time.time()) + 600}, secret="not-the-secret"
    )
    response = Client().get("/portal/enter/", {"identity": token})
    assert response.status_code == 403
    assert COOKIE_NAME not in response.cookies
    assert "not valid" in response.content.decode()


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "x" * 5000])
def test_a_malformed_identity_is_refused_not_an_error(token: str, db: None) -> None:
    assert Client().get("/portal/enter/", {"identity": token}).status_code == 403


def test_a_replayed_identity_opens_nothing_for_another_browser(ticket: Ticket, customer: Customer) -> None:
    token = identity_for(customer.external_id)
    assert Client().get("/portal/enter/", {"identity": token}).status_code == 302
    attacker = Client()
    response = attacker.get("/portal/enter/", {"identity": token})
    assert response.status_code == 403
    assert "already used" in response.content.decode()
    assert attacker.get("/portal/").status_code == 302


def test_the_same_browser_following_its_link_again_keeps_its_session(customer: Customer) -> None:
    client = Client()
    token = identity_for(customer.external_id)
    client.get("/portal/enter/", {"identity": token})
    key = client.cookies[COOKIE_NAME].value
    assert client.get("/portal/enter/", {"identity": token}).status_code == 302
    assert client.cookies[COOKIE_NAME].value == key
    assert client.get("/portal/").status_code == 200


def test_signing_in_again_rotates_the_session_and_ends_the_old_one(
    customer: Customer, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(customer)
    old = client.cookies[COOKIE_NAME].value
    # A new link from the exchange (a new token), followed in the same browser.
    sign_in(customer, client, lifetime=900)
    assert client.cookies[COOKIE_NAME].value != old
    stolen = Client()
    stolen.cookies[COOKIE_NAME] = old
    assert stolen.get("/portal/").status_code == 302


def test_signing_out_ends_the_session_even_for_a_copied_cookie(portal: Client) -> None:
    key = portal.cookies[COOKIE_NAME].value
    response = portal.post("/portal/sign-out/")
    assert response.status_code == 302 and response["Location"].startswith("/portal/signed-out/")
    copy = Client()
    copy.cookies[COOKIE_NAME] = key
    assert copy.get("/portal/")["Location"] == "/portal/signed-out/"


def test_signing_out_needs_the_csrf_token(portal: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = portal.cookies
    assert strict.post("/portal/sign-out/").status_code == 403
    assert strict.get("/portal/").status_code == 200


def test_an_invented_cookie_opens_nothing(ticket: Ticket) -> None:
    client = Client()
    client.cookies[COOKIE_NAME] = "invented-session-key"
    response = client.get("/portal/")
    assert response["Location"] == "/portal/signed-out/"


def test_a_staff_session_is_not_a_portal_session(ticket: Ticket, agent: Any) -> None:
    client = Client()
    client.force_login(agent)
    assert client.get(f"/portal/tickets/{ticket.pk}/")["Location"] == "/portal/signed-out/"


def test_a_session_ends_at_its_maximum_age_whatever_the_activity(
    portal: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert portal.get("/portal/").status_code == 200
    later = time.time() + SESSION_MAX_SECONDS + 1
    monkeypatch.setattr("portal.session.time.time", lambda: later)
    response = portal.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/portal/signed-out/"


@pytest.mark.redis
def test_each_request_restarts_the_idle_clock_and_an_idle_session_ends(portal: Client) -> None:
    from django.core.cache import cache

    from portal.session import IDLE_SECONDS, _cache_key

    stored = cache.make_and_validate_key(_cache_key(portal.cookies[COOKIE_NAME].value))
    redis = cache._cache.get_client(stored, write=True)  # type: ignore[attr-defined]
    redis.expire(stored, 5)
    assert portal.get("/portal/").status_code == 200
    assert 5 < redis.ttl(stored) <= IDLE_SECONDS
    # Idle past its time: the cache forgets it, and the cookie opens nothing.
    redis.delete(stored)
    assert portal.get("/portal/")["Location"] == "/portal/signed-out/"
