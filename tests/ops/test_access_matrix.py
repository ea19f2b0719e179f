"""The access matrix (helpdesk/access_matrix.py), walked for every role over every page, endpoint and
socket frame.

1. Every URL pattern answers only methods some app's `access_table.py` has a row for: a new endpoint
   fails here until someone decides who may call it.
2. Every row's request, made as every role in one world (tests/ops/access_world.py), gets the
   status the row says. The world is built once for the module; each request runs in a savepoint
   rolled back after it, so no row sees what another row (or role) changed.
3. Every frame the chat sockets accept has a row in livechat/access_table.py, and each row holds
   for every role over a real socket.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helpdesk.access_matrix import METHODS, ROLES, Outcome, Ref, Rule, rules
from tests.ops.access_world import World, build_world

RULES = rules()
# Namespaces whose every pattern one family of rows covers: the stock Django admin answers its own
# way (staff accounts only), and its rows in helpdesk/access_table.py stand for all its pages.
FAMILIES = {"admin"}


# --- The patterns and the methods they answer ------------------------------------------------------


def _patterns(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str, str, Any]]:
    """(namespace, name or path, route, callback) of every pattern under the root URLconf."""
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = (f"{ns}:{p.name}" if ns else p.name) if p.name else "/" + route
            yield ns, name, route, p.callback


def _declared_methods(func: Any) -> set[str] | None:
    """The methods a function view's decorators let through (require_POST, widget_endpoint("POST")...),
    or None when none restricts them."""
    while func is not None:
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(v, str) and v.upper() in (*METHODS, "HEAD", "OPTIONS") for v in value)
            ):
                return {v.upper() for v in value}
        func = getattr(func, "__wrapped__", None)
    return None


def _handles(view_class: type, method: str) -> bool:
    """Django's generic views carry handlers for methods they only pass on (RedirectView's PUT,
    FormView's PUT): those count as the GET or POST they behave as. DRF's handlers all count."""
    if method not in getattr(view_class, "http_method_names", ()):
        return False
    for klass in view_class.__mro__:
        if method in vars(klass):
            return method in ("get", "post") or not klass.__module__.startswith("django.")
    return False


def answered_methods(callback: Any) -> set[str]:
    """The methods a view does something with, HEAD and OPTIONS aside (they answer as GET does, or
    describe the view)."""
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset's route
        return {m.upper() for m in actions} & set(METHODS)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return {m for m in METHODS if _handles(view_class, m.lower())}
    declared = _declared_methods(callback)
    if declared is not None:
        return declared & set(METHODS)
    # A bare function answers whatever it is sent: GET, and what its body tells apart.
    func = callback
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        source = ""
    return {"GET"} | {m for m in METHODS if re.search(rf"method\s*[!=]=\s*[\"']{m}[\"']", source)}


def uncovered() -> list[str]:
    covered = {(r.name, r.method) for r in RULES}
    missing = []
    for ns, name, route, callback in _patterns(get_resolver().url_patterns):
        if ns.split(":")[0] in FAMILIES:
            continue
        for method in sorted(answered_methods(callback)):
            if (name, method) not in covered:
                missing.append(f"{method} {name} ({route})")
    return sorted(set(missing))


def test_every_url_pattern_has_an_access_rule_for_every_method_it_answers():
    """A new page or endpoint fails here until its app's access_table.py says who may call it."""
    assert uncovered() == []


def test_every_rule_names_a_pattern_that_answers_its_method():
    """A row for an endpoint that went away, or for a method it does not answer, is a stale row."""
    answered: dict[str, set[str]] = {}
    for _ns, name, _route, callback in _patterns(get_resolver().url_patterns):
        answered.setdefault(name, set()).update(answered_methods(callback))
    stale = [r.label for r in RULES if r.method not in answered.get(r.name, set())]
    assert stale == []


def test_every_namespace_covered_by_a_family_has_rows():
    assert {r.name.split(":")[0] for r in RULES if ":" in r.name} >= FAMILIES


# --- Every rule, every role ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Built once; each test's own transaction (the `db` fixture) nests inside this one. Its files
    live in a media folder of the module's (each test points MEDIA_ROOT there)."""
    media = tmp_path_factory.mktemp("access-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.media_root = media
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _fill(value: Any, world: World) -> Any:
    if isinstance(value, Ref):
        return world.value(value.key)
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


def path_of(rule: Rule, world: World) -> str:
    if rule.name.startswith("/"):
        return rule.name
    kwargs = {k: world.value(v) for k, v in rule.kwargs.items()}
    return reverse(rule.name, kwargs=kwargs) + rule.query


# One client for every request: a new one loads the middleware again (WhiteNoise reads every static
# file then), which would cost more than the requests themselves.
_CLIENT = Client()


def _client(role: str, rule: Rule, world: World) -> tuple[Client, dict[str, str]]:
    client = _CLIENT
    client.cookies.clear()
    headers: dict[str, str] = {}
    if role == "visitor":
        if rule.how == "token":
            headers["HTTP_AUTHORIZATION"] = f"Token {world.value('visitor_token')}"
    elif role != "anonymous":
        if rule.how == "token":
            headers["HTTP_AUTHORIZATION"] = f"Token {world.tokens[role]}"
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client, headers


def outcome(response: Any) -> int | str:
    """The status, or "login" for a redirect to the sign-in page."""
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return Outcome.LOGIN.value
    return int(response.status_code)


def call(rule: Rule, role: str, world: World) -> int | str:
    client, headers = _client(role, rule, world)
    path = path_of(rule, world)
    data = _fill(rule.data, world)
    send = getattr(client, rule.method.lower())
    if rule.method == "GET":
        response = send(path, data, **headers)
    elif rule.sends_form:
        if rule.method == "POST":
            response = send(path, data or {}, **headers)
        else:
            from urllib.parse import urlencode

            body = urlencode(data or {}, doseq=True)
            response = send(path, body, content_type="application/x-www-form-urlencoded", **headers)
    else:
        body = json.dumps(data) if data is not None else ""
        response = send(path, body, content_type="application/json", **headers)
    return outcome(response)


def _wanted(rule: Rule, role: str) -> int | str:
    want = rule.expected(role)
    return want.value if isinstance(want, Outcome) else int(want)


@pytest.fixture
def exchange_down(settings: Any) -> None:
    # The panels answer whatever the exchange does; nothing listens here, so each request is quick.
    settings.EXCHANGE_API_URL = "http://127.0.0.1:9/reference-exchange/api/v1"
    settings.EXCHANGE_RETRIES = 0


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=[r.label for r in RULES])
def test_every_role_gets_what_the_rule_says(
    rule: Rule, world: World, settings: Any, exchange_down: None
) -> None:
    settings.MEDIA_ROOT = world.media_root
    wrong = {}
    for role in ROLES:
        # Rate limits and cached answers live in the cache, which no savepoint rolls back.
        cache.clear()
        with transaction.atomic():
            got = call(rule, role, world)
            transaction.set_rollback(True)
        if got != _wanted(rule, role):
            wrong[role] = f"got {got}, the table says {_wanted(rule, role)}"
    assert wrong == {}
