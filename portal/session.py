"""The customer's portal session: separate from staff sessions, short-lived, held server-side.

The cookie holds only a random key; what it stands for (the customer, their language, when they signed
in) lives in the cache under that key, so signing out ends the session everywhere at once and a copied
cookie dies with it. Staff sessions (django.contrib.sessions, `sessionid`) are never read or written
here: a customer is never a Django user, and a staff login opens nothing in the portal.

A session ends after IDLE_SECONDS without a request, and SESSION_MAX_SECONDS after sign-in whatever
happens. Each sign-in makes a new key and drops the old one (no session fixation).
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

COOKIE_NAME = "portal_session"
IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 8 * 3600
_SESSION_PREFIX = "portal:session:"
_USED_IDENTITY_PREFIX = "portal:identity-used:"


@dataclass(frozen=True)
class PortalSession:
    key: str
    customer_id: int
    external_id: str
    name: str
    language: str
    time_zone: str
    started: float


def _cache_key(key: str) -> str:
    return _SESSION_PREFIX + hashlib.sha256(key.encode()).hexdigest()


def session_start(
    *,
    customer_id: int,
    external_id: str,
    name: str,
    language: str,
    time_zone: str = "UTC",
    previous: str | None = None,
) -> PortalSession:
    """A new session under a new key; the previous one, if any, ends."""
    if previous:
        session_end(previous)
    key = secrets.token_urlsafe(32)
    session = PortalSession(
        key=key,
        customer_id=customer_id,
        external_id=external_id,
        name=name,
        language=language,
        time_zone=time_zone,
        started=time.time(),
    )
    _store(session)
    return session


def _store(session: PortalSession) -> None:
    data = {
        "customer_id": session.customer_id,
        "external_id": session.external_id,
        "name": session.name,
        "language": session.language,
        "time_zone": session.time_zone,
        "started": session.started,
    }
    cache.set(_cache_key(session.key), data, IDLE_SECONDS)


def session_load(key: str | None) -> PortalSession | None:
    """The live session of a cookie's key, its idle clock restarted; None when there is none."""
    if not key or not isinstance(key, str) or len(key) > 100:
        return None
    data: Any = cache.get(_cache_key(key))
    if not isinstance(data, dict):
        return None
    started = float(data.get("started", 0))
    if time.time() - started > SESSION_MAX_SECONDS:
        cache.delete(_cache_key(key))
        return None
    cache.touch(_cache_key(key), IDLE_SECONDS)
    return PortalSession(
        key=key,
        customer_id=int(data["customer_id"]),
        external_id=str(data["external_id"]),
        name=str(data.get("name", "")),
        language=str(data.get("language", settings.LANGUAGE_CODE)),
        time_zone=str(data.get("time_zone", "UTC")),
        started=started,
    )


def session_set_language(session: PortalSession, language: str) -> PortalSession:
    changed = PortalSession(**{**session.__dict__, "language": language})
    _store(changed)
    return changed


def session_end(key: str | None) -> None:
    if key and isinstance(key, str) and len(key) <= 100:
        cache.delete(_cache_key(key))


def cookie_key(request: HttpRequest) -> str | None:
    return request.COOKIES.get(COOKIE_NAME)


def set_cookie(response: HttpResponseBase, session: PortalSession) -> None:
    response.set_cookie(
        COOKIE_NAME,
        session.key,
        max_age=SESSION_MAX_SECONDS,
        path="/portal/",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def delete_cookie(response: HttpResponseBase) -> None:
    response.delete_cookie(COOKIE_NAME, path="/portal/", samesite="Lax")


def token_first_use(token: str, *, expires_at: int) -> bool:
    """True the first time a signed identity opens the portal, False every later time within its
    lifetime: a token seen in a log, a browser history or over a shoulder opens nothing. The mark
    lives as long as the token does, so the cache never holds more than the live tokens."""
    timeout = max(1, int(expires_at - time.time()) + 1)
    digest = hashlib.sha256(token.encode()).hexdigest()
    return bool(cache.add(_USED_IDENTITY_PREFIX + digest, 1, timeout))
