"""deploy/nginx.conf, run by a real nginx in front of two stand-in upstreams.

The compose service names (web, ws) resolve only inside the stack, so the test points the upstreams
at local HTTP servers that answer with what they received, and checks which one each request reached.
Debian's nginx comes from scripts/install-nginx.sh (`make nginx`); without it the test skips, except
under CI=true, where a missing nginx is a failure.
"""

import http.client
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.ops.processes import free_port, wait_listening

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CONF = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


def nginx_path(*, ci: bool) -> str:
    # /usr/sbin is not on an ordinary user's PATH on Debian.
    found = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))
    if found is None:
        if ci:
            pytest.fail("nginx is not installed: run `make nginx` (scripts/install-nginx.sh)")
        pytest.skip("nginx is not installed: run `make nginx` (scripts/install-nginx.sh)")
    return found


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    return nginx_path(ci=CI)


def test_a_missing_nginx_fails_under_ci_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)

    with pytest.raises(pytest.fail.Exception):
        nginx_path(ci=True)
    with pytest.raises(pytest.skip.Exception):
        nginx_path(ci=False)


def substitute(pattern: str, replacement: str, text: str, count: int) -> str:
    """re.subn that insists the configuration still has what the test rewrites."""
    result, made = re.subn(pattern, replacement, text)
    assert made == count, f"expected {count} of {pattern!r} in deploy/nginx.conf, found {made}"
    return result


class Echo(BaseHTTPRequestHandler):
    """Answers with its upstream's name and the request line and headers it received."""

    def do_GET(self) -> None:
        body = json.dumps(
            {
                "upstream": self.server.name,  # type: ignore[attr-defined]
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def upstream(name: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    server.name = name  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_nginx_configuration_is_valid(nginx_binary: str, tmp_path: Path) -> None:
    conf = substitute(r"server (web|ws):", "server 127.0.0.1:", CONF.read_text(), count=2)
    (tmp_path / "nginx.conf").write_text(conf)

    result = subprocess.run(
        [nginx_binary, "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.fixture(scope="module")
def proxy(nginx_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """deploy/nginx.conf listening on a free local port, its upstreams two echo servers."""
    web, ws = upstream("web"), upstream("ws")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = CONF.read_text()
    conf = substitute(r"server web:\d+;", f"server 127.0.0.1:{web.server_address[1]};", conf, count=1)
    conf = substitute(r"server ws:\d+;", f"server 127.0.0.1:{ws.server_address[1]};", conf, count=1)
    conf = substitute(r"listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;", conf, count=1)
    conf = substitute(r"pid \S+;", f"pid {prefix / 'nginx.pid'};", conf, count=1)
    (prefix / "nginx.conf").write_text(conf)
    command = [nginx_binary, "-e", "stderr", "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_listening(process, port, "nginx", seconds=20)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        web.shutdown()
        ws.shutdown()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_proxy_sends_websockets_to_the_asgi_upstream_with_the_upgrade_headers(proxy: int) -> None:
    status, body = get(
        proxy,
        "/ws/chat/customer/",
        {"Upgrade": "websocket", "Connection": "Upgrade", "Host": "desk.example"},
    )

    assert status == 200
    seen = json.loads(body)
    assert seen["upstream"] == "ws"
    assert seen["path"] == "/ws/chat/customer/"
    assert seen["headers"]["upgrade"] == "websocket"
    assert seen["headers"]["connection"].lower() == "upgrade"
    assert seen["headers"]["host"] == "desk.example"
    assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_the_proxy_sends_pages_api_and_static_files_to_the_wsgi_upstream(proxy: int) -> None:
    for path in ("/", "/tickets/?queue=mine", "/api/tickets/", "/static/css/workspace.css", "/wsx"):
        status, body = get(proxy, path)

        assert status == 200, path
        seen = json.loads(body)
        assert seen["upstream"] == "web", path
        assert seen["path"] == path
        assert "upgrade" not in seen["headers"], path


def test_the_proxy_keeps_the_scheme_the_tls_terminator_saw(proxy: int) -> None:
    behind_tls = json.loads(get(proxy, "/tickets/", {"X-Forwarded-Proto": "https"})[1])
    direct = json.loads(get(proxy, "/tickets/")[1])

    assert behind_tls["headers"]["x-forwarded-proto"] == "https"
    assert direct["headers"]["x-forwarded-proto"] == "http"


def test_the_proxy_answers_its_own_health_check(proxy: int) -> None:
    assert get(proxy, "/nginx-health") == (200, b"ok\n")
