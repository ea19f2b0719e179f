"""The helpdesk's own error pages and icon: branded HTML for people, JSON under /api/, never Django's
debug pages (which list every URL pattern and setting), and an icon wherever a browser asks."""

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from helpdesk.views import server_error

pytestmark = pytest.mark.django_db

ICON_LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


def test_the_embedded_settings_keep_debug_off_unless_asked() -> None:
    def debug(**extra: str) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEBUG", "DJANGO_ENV")}
        env.update(DJANGO_SETTINGS_MODULE="helpdesk.settings", **extra)
        script = "import django; django.setup(); from django.conf import settings as s; "
        result = subprocess.run(
            [sys.executable, "-c", script + "print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    # Static files are still served from the source folders with DEBUG off.
    assert debug() == "False True"
    assert debug(DJANGO_DEBUG="1") == "True True"


def test_every_page_names_the_icon_and_favicon_ico_answers(agent_client: Client) -> None:
    queue = agent_client.get("/tickets/")
    sign_in = Client().get("/accounts/login/")
    help_center = Client().get("/help/en/")

    for page in (queue, sign_in, help_center):
        assert page.status_code == 200
        assert ICON_LINK in page.content.decode()
    redirect = Client().get("/favicon.ico")
    assert redirect.status_code == 302
    icon = Client().get(redirect["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # type: ignore[attr-defined]
    svg = Client().get("/static/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


def test_an_unknown_page_gets_the_helpdesks_not_found_page_not_a_list_of_url_patterns(
    agent_client: Client,
) -> None:
    for client, link in ((agent_client, "/tickets/"), (Client(), "/help/")):
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        body = response.content.decode()
        assert "<h1>Not found</h1>" in body and ICON_LINK in body
        assert f'href="{link}"' in body
        assert "URLconf" not in body and "urlpatterns" not in body


@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/chat/api/no-such-thing/"])
def test_an_unknown_api_address_answers_json_not_html(path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "status": 404, "code": "not_found"}


def test_a_request_for_another_host_gets_the_bad_request_page(agent_client: Client) -> None:
    page = agent_client.get("/tickets/", HTTP_HOST="evil.example")
    api = Client().get("/api/tickets/", HTTP_HOST="evil.example")

    assert page.status_code == 400
    assert "<h1>Bad request</h1>" in page.content.decode()
    assert "DisallowedHost" not in page.content.decode()
    assert api.status_code == 400 and api.json()["code"] == "bad_request"


def test_a_stale_form_gets_the_helpdesks_own_expired_form_page() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "sam", "password": "x"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "This form has expired" in body and ICON_LINK in body
    assert "CSRF verification failed" not in body


def test_a_server_error_gets_the_branded_page_and_json_under_the_api(rf: RequestFactory) -> None:
    page = server_error(rf.get("/tickets/"))

    assert page.status_code == 500
    assert "Something went wrong" in page.content.decode() and ICON_LINK in page.content.decode()
    for path in ("/api/tickets/", "/chat/api/start/"):
        api = server_error(rf.get(path))
        assert api.status_code == 500
        assert api["Content-Type"] == "application/json"
        assert json.loads(api.content)["code"] == "server_error"


def test_a_forbidden_page_gets_the_not_allowed_page(agent_client: Client, settings: Any) -> None:
    # The knowledge-base report is for supervisors; an agent is refused with the helpdesk's page.
    response = agent_client.get("/kb/report/")

    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()
