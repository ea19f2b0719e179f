"""Settings for the test suite.

In CI (CI=true) the tests run on the machine's real PostgreSQL and Redis and stop at once if either
does not answer. Elsewhere they use them when they answer and otherwise fall back to SQLite and the
in-memory layers; tests marked `postgres` or `redis` are then skipped with the reason printed.
"""

import os

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpdesk"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def _postgres_answers(url: str) -> str | None:
    """None when PostgreSQL answers, else why not."""
    import environ
    import psycopg

    cfg = environ.Env.db_url_config(url)
    try:
        psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or 5432,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except Exception as exc:
        return f"PostgreSQL at {cfg['HOST']}:{cfg['PORT']} does not answer: {exc}".strip()
    return None


def _redis_answers(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (OSError, redis.RedisError) as exc:
        return f"Redis at {url} does not answer: {exc}"
    return None


_db_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
_redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def _redis_url_of_worker(url: str, worker: str) -> str:
    """With pytest-xdist each worker has a test database of its own (pytest-django adds `_gw<n>`) and
    here a Redis database of its own, counted down from the one given: groups, locks, the cache and the
    broker of two workers never meet."""
    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - int(worker[2:])) % 16}"))


_redis_url = _redis_url_of_worker(_redis_url, os.environ.get("PYTEST_XDIST_WORKER", ""))
POSTGRES_UNAVAILABLE = (
    _postgres_answers(_db_url) if _db_url.startswith("postgres") else "DATABASE_URL is not PostgreSQL"
)
REDIS_UNAVAILABLE = _redis_answers(_redis_url)

if CI and (POSTGRES_UNAVAILABLE or REDIS_UNAVAILABLE):
    raise SystemExit(
        "CI=true needs the real services: "
        + "; ".join(filter(None, [POSTGRES_UNAVAILABLE, REDIS_UNAVAILABLE]))
    )

if POSTGRES_UNAVAILABLE:
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
else:
    os.environ["DATABASE_URL"] = _db_url
if REDIS_UNAVAILABLE:
    os.environ.pop("REDIS_URL", None)
else:
    os.environ["REDIS_URL"] = _redis_url
os.environ.setdefault("DJANGO_ENV", "development")

from helpdesk.settings import *  # noqa: E402, F403
from helpdesk.settings import BASE_DIR, DATABASES  # noqa: E402

if POSTGRES_UNAVAILABLE:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
# Tier 0 holds a new case's routing until the worker has read it; the suites of routing, chat, mail and
# the rest test those apps as they run without it, and tests/assistant turns it on (`assistant_on`).
ASSISTANT_ENABLED = False
# Tests sign staff in with force_login; the second factor's own tests turn this on.
STAFF_2FA_REQUIRED = False
# Per test (tests/audit), never the embedded instance's file under var/.
AUDIT_CHECKPOINT_FILE = ""
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
