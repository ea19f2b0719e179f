"""Production settings pass Django's deployment checklist without a single warning."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def example_environment() -> dict[str, str]:
    """The variables .env.example sets, as docker compose would pass them."""
    lines = (Path(settings.BASE_DIR) / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_]+=", line))


@pytest.mark.postgres
def test_check_deploy_passes_at_warning_level_with_the_example_production_environment() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HELPDESK_", "DEBUG"))}
    env.update(example_environment())
    # Only what differs between the compose network and this machine, and a real secret.
    env.update(
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
    )
    assert env["DJANGO_ENV"] == "production"

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="helpdesk.settings", DJANGO_ENV="production", ALLOWED_HOSTS="x.example")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
