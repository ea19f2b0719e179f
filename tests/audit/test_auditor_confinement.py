"""An auditor reaches the audit log, the approvals (reading only) and their own account; every other
page, API endpoint and the chat console's socket refuse them. Admins keep everything."""

from collections.abc import Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client
from django.urls import resolve
from rest_framework.authtoken.models import Token

from accounts.access import auditor_may_reach, is_auditor, may_use_workspace
from tests.factories import make_agent

WORKSPACE_PAGES = [
    "/tickets/",
    "/customers/",
    "/chat/console/",
    "/routing/supervisor/",
    "/sla/report/",
    "/kb/search/",
    "/admin/",
]
WORKSPACE_API = ["/api/tickets/", "/api/customers/", "/api/routing/teams/", "/api/incidents/"]


@pytest.fixture
def auditor(db: None) -> Any:
    return make_agent(username="audrey", role="auditor")


@pytest.fixture
def admin(db: None) -> Any:
    return make_agent(username="adele", role="admin", is_staff=True, is_superuser=True)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token_client(user: Any) -> Client:
    return Client(headers={"Authorization": f"Token {Token.objects.create(user=user).key}"})


@pytest.mark.django_db
def test_an_auditor_reads_the_audit_pages_and_gets_403_everywhere_else(auditor):
    client = _client(auditor)
    assert client.get("/audit/").status_code == 200
    assert client.get("/audit/export/").status_code == 200
    assert client.get("/audit/export-key.pem").status_code == 200
    for path in WORKSPACE_PAGES:
        assert client.get(path).status_code == 403, path
    # Writes to the workspace are refused before any view runs.
    assert client.post("/tickets/new/", {"subject": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_site_root_takes_an_auditor_to_the_audit_log(auditor):
    response = _client(auditor).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/audit/"


@pytest.mark.django_db
def test_an_auditor_reads_the_approvals_but_posts_nothing_there(auditor):
    client = _client(auditor)
    assert client.get("/approvals/").status_code != 403
    match = resolve("/audit/")
    assert auditor_may_reach(match, "POST")

    class Approvals:
        namespaces = ["approvals"]
        view_name = "approvals:request-list"

    class ApprovalsApi:
        namespaces = ["api", "approvals-api"]
        view_name = "api:approvals-api:request-decide"

    for where in (Approvals(), ApprovalsApi()):
        assert auditor_may_reach(where, "GET")
        assert not auditor_may_reach(where, "POST")
        assert not auditor_may_reach(where, "DELETE")


@pytest.mark.django_db
def test_an_auditor_signs_out_and_reaches_the_public_help_center(auditor):
    client = _client(auditor)
    assert client.get("/help/").status_code != 403
    assert client.post("/accounts/logout/").status_code == 302


@pytest.mark.django_db
def test_an_auditors_token_opens_the_audit_api_only(auditor):
    client = _token_client(auditor)
    assert client.get("/api/audit/events/").status_code == 200
    for path in WORKSPACE_API:
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.json()["status"] == 403
    assert client.post("/api/tickets/", {}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_an_auditors_session_is_refused_by_the_workspace_api_too(auditor):
    assert _client(auditor).get("/api/tickets/").status_code == 403


@pytest.mark.django_db
def test_an_admin_is_not_confined(admin):
    client = _client(admin)
    assert client.get("/audit/").status_code == 200
    assert client.get("/tickets/").status_code == 200
    assert client.get("/customers/").status_code == 200
    assert _token_client(admin).get("/api/audit/events/").status_code == 200


@pytest.mark.django_db
def test_agents_and_supervisors_do_not_read_the_audit_log(agent, supervisor):
    for user in (agent, supervisor):
        client = _client(user)
        assert client.get("/audit/").status_code == 403
        assert client.post("/audit/export/", {"ticket": "HD-000001"}).status_code == 403
        assert client.get("/audit/export-key.pem").status_code == 403
        assert _token_client(user).get("/api/audit/events/").status_code == 403
        assert not is_auditor(user) and may_use_workspace(user)


@pytest.mark.django_db
def test_anonymous_callers_are_sent_to_sign_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/audit/events/").status_code == 401


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_the_chat_console_socket_refuses_an_auditor(settings, _pool_connections_close):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    auditor = await sync_to_async(make_agent)(username="audrey", role="auditor")
    client = Client()
    await sync_to_async(client.force_login)(auditor)
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    from helpdesk.asgi import application

    socket = WebsocketCommunicator(
        application,
        "/ws/chat/agent/",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver"), cookie],
    )
    connected, _ = await socket.connect()
    assert connected
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "error" and frame["code"] == "forbidden"
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4403}
    await socket.disconnect()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def _pool_connections_close() -> Iterator[None]:
    # The socket's database calls run in pool threads; each closes its connection after the call so
    # none outlives the test database.
    db_settings = connections["default"].settings_dict
    max_age = db_settings["CONN_MAX_AGE"]
    db_settings["CONN_MAX_AGE"] = 0
    yield
    db_settings["CONN_MAX_AGE"] = max_age


@pytest.mark.django_db
def test_an_auditor_who_signs_in_lands_on_the_audit_log(client):
    make_agent(username="olga", role="auditor")
    response = client.post(
        "/accounts/login/", {"username": "olga", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/audit/"
    assert response.status_code == 200


@pytest.mark.django_db
def test_behind_the_confinement_the_access_functions_give_an_auditor_no_case():
    from exchange.access import exchange_panel_viewable
    from tests.factories import make_ticket
    from tickets.models import Ticket

    make_ticket()
    auditor = make_agent(username="ivo", role="auditor")
    assert Ticket.objects.visible_to(auditor).count() == 0
    assert Ticket.objects.visible_to(make_agent(username="ann")).count() == 1
    assert not exchange_panel_viewable(auditor)
