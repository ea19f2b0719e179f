from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

# Servers the real clients talk to over HTTP in tests: the reference exchange and the reference chains.
pytest_plugins = ["tests.fixtures.exchange", "tests.fixtures.chains"]

_POSTGRES_UNAVAILABLE: str | None = getattr(settings, "POSTGRES_UNAVAILABLE", None)
_REDIS_UNAVAILABLE: str | None = getattr(settings, "REDIS_UNAVAILABLE", None)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
        + (f" ({_POSTGRES_UNAVAILABLE})" if _POSTGRES_UNAVAILABLE else ""),
        "redis: " + (f"no ({_REDIS_UNAVAILABLE})" if _REDIS_UNAVAILABLE else settings.REDIS_URL),
    ]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("postgres") and _POSTGRES_UNAVAILABLE:
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL: {_POSTGRES_UNAVAILABLE}"))
        if item.get_closest_marker("redis") and _REDIS_UNAVAILABLE:
            item.add_marker(pytest.mark.skip(reason=f"needs Redis: {_REDIS_UNAVAILABLE}"))


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {key: _without_surrogates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_surrogates(item) for item in value)
    return value


@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(config: pytest.Config, report: Any) -> Any:
    """A parallel worker sends each report as UTF-8. The mail tests log undecodable headers as Python
    holds them (lone surrogates), which cannot be encoded; they are sent escaped, as stderr shows them."""
    data = yield
    return _without_surrogates(data)


@pytest.fixture(autouse=True, scope="session")
def _flush_lets_test_teardown_empty_the_audit_log() -> Any:
    """The audit tables refuse TRUNCATE (audit migration 0003), and `transaction=True` tests are
    cleaned up with one. The test database's superuser switches triggers off for that statement only,
    as an operator would have to; nothing outside the tests can flush the audit log."""
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no psycopg: SQLite only
        yield
        return
    original = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        sql = original(self, style, tables, **kwargs)
        if not sql:
            return sql
        return ["SET LOCAL session_replication_role = replica", *sql]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_audit_checkpoint_copy_from_another_test() -> Any:
    """Each test starts with an empty database, so with no copy of an audit checkpoint outside it
    (the cache outlives tests; a stale copy would read as a wiped log)."""
    from django.core.cache import cache

    from audit.services import CHECKPOINT_CACHE_KEY

    cache.delete(CHECKPOINT_CACHE_KEY)
    yield
    cache.delete(CHECKPOINT_CACHE_KEY)


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def config_tokens(db: None) -> None:
    """The configuration tokens as production has them. Routing's, the SLA's and the mailboxes'
    configuration is read once per process and checked by a token (helpdesk/config_cache.py); a
    `transaction=True` test's flush empties the tokens, which turns that cache off until the
    configuration is written again, so a statement count would depend on which tests ran before."""
    from helpdesk.models import ConfigVersion

    for name in ("routing", "sla", "mail"):
        ConfigVersion.objects.get_or_create(name=name, defaults={"token": f"{name}-test"})


@pytest.fixture
def agent(db: None) -> Any:
    from tests.factories import AgentFactory

    return AgentFactory(username="alice", first_name="Alice", last_name="Agent")


@pytest.fixture
def supervisor(db: None) -> Any:
    from tests.factories import AgentFactory

    return AgentFactory(username="sam", role="supervisor", first_name="Sam", last_name="Supervisor")


@pytest.fixture
def customer(db: None) -> Any:
    from tests.factories import CustomerFactory

    return CustomerFactory()


@pytest.fixture
def ticket(customer: Any) -> Any:
    from tests.factories import TicketFactory

    return TicketFactory(customer=customer)


@pytest.fixture
def agent_client(agent: Any) -> Client:
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def api_client(agent: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(agent)
    return client
