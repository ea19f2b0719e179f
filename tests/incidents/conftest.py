from typing import Any

import pytest
from django.core.cache import cache

from incidents.linking import CACHE_KEY
from incidents.models import Incident
from incidents.services import incident_declare
from incidents.steps import incident_step
from intake import pipeline
from tests.factories import make_agent, make_team

TRON_MESSAGES = {
    "en": "TRC-20 USDT withdrawals are delayed by congestion on the Tron network. Your funds are safe.",
    "es": (
        "Los retiros de USDT TRC-20 se retrasan por la congestión de la red Tron. Sus fondos están seguros."
    ),
    "ru": "Выводы USDT TRC-20 задерживаются из-за перегрузки сети Tron. Ваши средства в безопасности.",
}


@pytest.fixture(autouse=True)
def _fresh_incident_cache() -> Any:
    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


@pytest.fixture
def with_incident_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """The intake tuples with the incident step after triage and before route, as intake declares them."""
    for name in ("NEW_TICKET_STEPS", "CUSTOMER_MESSAGE_STEPS"):
        steps = tuple(getattr(pipeline, name))
        if incident_step not in steps:
            at = next((i for i, s in enumerate(steps) if s.__name__ in ("route", "sla")), len(steps))
            monkeypatch.setattr(pipeline, name, (*steps[:at], incident_step, *steps[at:]))


@pytest.fixture
def sam(db: None) -> Any:
    return make_agent(username="sam", role="supervisor", first_name="Sam")


@pytest.fixture
def general(db: None) -> Any:
    return make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True)


def declare_tron(actor: Any, **overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "title": "Tron network congestion: TRC-20 USDT withdrawals delayed",
        "networks": ["tron"],
        "assets": ["USDT"],
        "features": ["withdrawals"],
        "keywords": ["usdt delay", "задержка usdt"],
        "messages": TRON_MESSAGES,
    }
    fields.update(overrides)
    return incident_declare(actor=actor, **fields)


@pytest.fixture
def tron(sam: Any) -> Incident:
    return declare_tron(sam)
