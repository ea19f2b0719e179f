"""The production stack as docker-compose.yml describes it (Docker itself does not run in CI)."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("migrate", "web", "ws", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text()


def command(service: dict[str, Any]) -> str:
    value = service["command"]
    return " ".join(value) if isinstance(value, list) else str(value)


def option(cmd: str, name: str) -> str:
    """`--name=value` or `--name value`, with compose's `${VAR:-default}` read as its default."""
    match = re.search(rf"{name}[= ](\S+)", cmd)
    assert match, f"{name} missing from {cmd!r}"
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", match.group(1))


def location(conf: str, path: str) -> str:
    match = re.search(rf"location {re.escape(path)} \{{(.*?)\}}", conf, re.S)
    assert match, f"no location {path}"
    return match.group(1)


def upstream_port(conf: str, name: str) -> tuple[str, int]:
    match = re.search(rf"upstream {name} \{{\s*server (\w+):(\d+);", conf)
    assert match, f"no upstream {name}"
    return match.group(1), int(match.group(2))


def test_the_stack_has_every_production_service(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "redis", *APP_SERVICES, "proxy"}
    assert compose["services"]["postgres"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


def test_every_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check and not check.get("disable"), name
        assert check["test"][0] in ("CMD", "CMD-SHELL") and len(check["test"]) > 1, name


def test_the_proxy_sends_websockets_to_the_asgi_service_with_upgrade_headers(
    compose: dict[str, Any], nginx_conf: str
) -> None:
    ws = location(nginx_conf, "/ws/")
    assert "proxy_pass http://ws;" in ws
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $connection_upgrade;" in ws
    host, port = upstream_port(nginx_conf, "ws")
    asgi = command(compose["services"][host])
    assert "uvicorn helpdesk.asgi:application" in asgi
    assert int(option(asgi, "--port")) == port


def test_the_proxy_sends_everything_else_to_gunicorn_with_several_sync_workers(
    compose: dict[str, Any], nginx_conf: str
) -> None:
    assert "proxy_pass http://web;" in location(nginx_conf, "/")
    host, port = upstream_port(nginx_conf, "web")
    wsgi = command(compose["services"][host])
    assert wsgi.startswith("gunicorn helpdesk.wsgi")
    assert option(wsgi, "--bind").endswith(f":{port}")
    assert option(wsgi, "--worker-class") == "sync"
    assert int(option(wsgi, "--workers")) >= 2
    proxy = compose["services"]["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert [p.split(":")[-1] for p in proxy["ports"]] == ["80"]


def test_workers_and_beat_run_celery_with_the_database_scheduler(compose: dict[str, Any]) -> None:
    assert command(compose["services"]["worker"]).startswith("celery -A helpdesk worker")
    beat = command(compose["services"]["beat"])
    assert beat.startswith("celery -A helpdesk beat")
    assert option(beat, "--scheduler") == "django_celery_beat.schedulers:DatabaseScheduler"


def test_app_services_are_configured_by_environment_and_wait_for_migrations(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["env_file"] == ".env", name
        assert service["environment"]["DJANGO_ENV"] == "production", name
        needs = service["depends_on"]
        assert needs["postgres"]["condition"] == "service_healthy", name
        assert needs["redis"]["condition"] == "service_healthy", name
        if name != "migrate":
            assert needs["migrate"]["condition"] == "service_completed_successfully", name
    assert "migrate" in command(compose["services"]["migrate"])
    assert compose["services"]["migrate"]["restart"] == "no"


def test_the_example_environment_names_every_setting_production_needs() -> None:
    example = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", example, re.M))

    required = {
        "DJANGO_ENV",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "REDIS_URL",
    }
    assert required <= names
    assert "POSTGRES_PASSWORD" in names
    # And whatever else settings.py demands without a default (env.str("NAME") and the like).
    settings_py = (ROOT / "helpdesk" / "settings.py").read_text()
    assert set(re.findall(r'env\.\w+\("(\w+)"\)', settings_py)) <= names


def test_the_image_runs_as_an_unprivileged_user_with_static_files_collected() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "collectstatic --noinput" in dockerfile
    assert "pip install" in dockerfile
