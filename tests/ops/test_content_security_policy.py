"""Every page answers with the Content-Security-Policy, no template carries code the policy would refuse,
and the violation report endpoint logs what browsers send without ever failing."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.fuzz.conftest import World, build_world
from tests.fuzz.test_page_urls import PAGE_ROUTES, _fill, _real_value

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Templates that are not web pages: mail bodies, read by mail clients, not under our policy.
NOT_PAGES = {"mail/reply.html", "csat/public_email.html"}


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "agent", "admin"])
def test_every_page_url_answers_with_the_content_security_policy(world: World, who: str):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    missing = []
    tried = 0
    for route in PAGE_ROUTES:
        if route.startswith("admin/") and "<" in route:
            continue
        url = _fill(route, lambda name, route=route: _real_value(name, route, world))
        response = client.get(url)
        tried += 1
        header = response.headers.get("Content-Security-Policy", "")
        directives = _directives(header)
        if directives.get("object-src") != ["'none'"] or "'unsafe-eval'" in header:
            missing.append((url, response.status_code, header))
    assert tried > 100
    assert missing == []


@pytest.mark.django_db
def test_the_workspace_policy_allows_only_our_own_nonced_code_and_is_never_framed(agent_client: Client):
    response = agent_client.get("/tickets/")
    directives = _directives(response.headers["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert "wss://testserver:*" in directives["connect-src"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["report-uri"] == ["/csp-report/"]


@pytest.mark.django_db
def test_a_nonce_used_by_a_page_is_the_one_in_its_policy(client: Client):
    response = client.get("/chat/demo/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)  # type: ignore[union-attr]
    assert f"'nonce-{nonce}'" in _directives(response.headers["Content-Security-Policy"])["style-src"]


@pytest.mark.django_db
def test_the_api_docs_relax_only_styles(agent_client: Client):
    response = agent_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"<script>" not in response.content
    directives = _directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    script = agent_client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content


# --- The templates ----------------------------------------------------------------------------------
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
# htmx trigger filters ("every 5s [cond]") and hx-on are evaluated code, which the policy refuses.
HTMX_EVAL = re.compile(r"""hx-trigger="[^"]*\[[^"\]]*(===|!==|\(|&&)|hx-on[:-]|hx-vars""")
NONCE = 'nonce="{{ request.csp_nonce }}"'


def _templates() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(TEMPLATES)), path.read_text())
        for path in sorted(TEMPLATES.rglob("*.html"))
        if str(path.relative_to(TEMPLATES)) not in NOT_PAGES
    ]


def test_the_static_check_walks_the_templates():
    names = {name for name, _text in _templates()}
    assert {"base.html", "knowledgebase/help_base.html", "livechat/demo.html"} <= names


def test_no_template_has_an_inline_script_without_the_nonce():
    offending = [
        (name, match.group(0))
        for name, text in _templates()
        for match in SCRIPT_TAG.finditer(text)
        if "src=" not in match.group(1) and NONCE not in match.group(1)
    ]
    assert offending == []


def test_no_template_has_an_inline_style_block_without_the_nonce():
    offending = [
        (name, match.group(0))
        for name, text in _templates()
        for match in STYLE_TAG.finditer(text)
        if NONCE not in match.group(1)
    ]
    assert offending == []


@pytest.mark.parametrize(
    "pattern",
    [HANDLER, JAVASCRIPT_URL, STYLE_ATTRIBUTE, HTMX_EVAL],
    ids=["on*=", "javascript:", "style=", "htmx"],
)
def test_no_template_has_code_or_styles_in_attributes(pattern: re.Pattern[str]):
    offending = [
        (name, match.group(0)[:80]) for name, text in _templates() for match in pattern.finditer(text)
    ]
    assert offending == []


def test_the_static_check_would_catch_what_it_looks_for():
    assert HANDLER.search('<button type="button" onclick="go()">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert STYLE_ATTRIBUTE.search('<span class="x" style="color: red">')
    assert HTMX_EVAL.search("""hx-trigger="every 5s [document.visibilityState === 'visible']\"""")
    assert not HTMX_EVAL.search('hx-trigger="change from:find input[name=q]"')
    match = SCRIPT_TAG.search("<script>alert(1)</script>")
    assert match and "src=" not in match.group(1)


# --- The report endpoint ----------------------------------------------------------------------------
REPORT = {
    "csp-report": {
        "document-uri": "https://desk.example/tickets/",
        "violated-directive": "script-src-elem",
        "blocked-uri": "inline",
    }
}


@pytest.fixture
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_empty_cache")
def test_a_violation_report_is_logged(client: Client, caplog: pytest.LogCaptureFixture):
    response = client.post("/csp-report/", json.dumps(REPORT), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src-elem" in caplog.text


@pytest.mark.usefixtures("_empty_cache")
def test_a_reporting_api_list_is_logged(client: Client, caplog: pytest.LogCaptureFixture):
    body = [
        {"type": "csp-violation", "body": {"effectiveDirective": "style-src-attr", "blockedURL": "inline"}}
    ]
    response = client.post("/csp-report/", json.dumps(body), content_type="application/reports+json")
    assert response.status_code == 204
    assert "style-src-attr" in caplog.text


@pytest.mark.usefixtures("_empty_cache")
@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"\xff\xfe", b"[1, 2, {}]", b'{"csp-report": 5}', b"null", b"[" * 5000],
    ids=["empty", "text", "bytes", "list", "number", "null", "deep"],
)
def test_a_bad_report_is_dropped_without_an_error(client: Client, body: bytes):
    response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 204


@pytest.mark.usefixtures("_empty_cache")
def test_a_flood_of_reports_from_one_address_is_cut(client: Client, caplog: pytest.LogCaptureFixture):
    for _ in range(40):
        assert (
            client.post("/csp-report/", json.dumps(REPORT), content_type="application/csp-report").status_code
            == 204
        )
    assert caplog.text.count("script-src-elem") == 30


def test_the_report_endpoint_takes_only_posts(client: Client):
    assert client.get("/csp-report/").status_code == 405
