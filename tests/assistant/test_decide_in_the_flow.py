"""Tier 0's decision and hand-off notice inside the worker's flow: a web-form case read by the engine
(here a fixed reading), decided by the real rules, answered from the real help center or handed to the
team it was routed to with who answers and when. Through the task, on the real database."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from assistant import services
from assistant.models import Assessment, DecisionKind
from assistant.types import Reading
from intake.pipeline import ticket_open
from knowledgebase.seed_loader import kb_seed_load
from tests.factories import make_customer, make_team
from tickets.models import Channel, EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db(transaction=True)

BASE = Reading(
    text="",
    language="en",
    language_confidence=0.99,
    intent="referral_info",
    confidence=0.9,
    threshold=0.5,
    scores=(("referral_info", 0.92),),
    specialty="general",
    priority="low",
    distress=False,
    social_engineering_risk=False,
)


@pytest.fixture
def engine(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Reading]]:
    """Tier 0 on, with the engine's reading fixed by the test; everything after it is real."""
    settings.ASSISTANT_ENABLED = True
    settings.HELPDESK_SITE_URL = "https://help.cryptox.example"
    kb_seed_load()
    make_team(name="General", slug="general", tier=1, languages=["en", "es"], is_default=True)
    make_team(name="SEC-L2", slug="sec", tier=2, skills=["security"], languages=["en", "es"])
    current = {"reading": BASE}
    monkeypatch.setattr(
        services, "read", lambda text, *, channel="": dataclasses.replace(current["reading"], text=text)
    )
    yield current


def _open(body: str) -> Ticket:
    ticket = ticket_open(customer=make_customer(), subject="Question", body=body, channel=Channel.WEB)
    ticket.refresh_from_db()
    return ticket


def test_a_how_to_question_is_answered_with_the_article_and_the_case_waits_on_the_customer(engine):
    ticket = _open("How does the referral programme work?")
    assessment = Assessment.objects.get(ticket=ticket)
    assert assessment.decision == DecisionKind.ANSWER
    assert assessment.article == "referral-programme"
    reply = ticket.entries.filter(kind=EntryKind.AGENT_REPLY).latest("id")
    assert "https://help.cryptox.example/help/en/articles/referral-programme/" in reply.body
    assert "How the referral programme works" in reply.body
    assert ticket.status == Status.PENDING


def test_a_security_message_is_handed_to_the_security_team_with_the_safety_line(engine):
    engine["reading"] = dataclasses.replace(
        BASE, intent="account_hacked", specialty="account_security", priority="urgent", language="es"
    )
    ticket = _open("Alguien entró en mi cuenta y cambió el correo")
    assessment = Assessment.objects.get(ticket=ticket)
    assert assessment.decision == DecisionKind.HANDOFF
    assert ticket.team is not None and ticket.team.slug == "sec"
    assert "nuestro equipo de seguridad de cuentas" in assessment.reply
    assert "SEC-L2" not in assessment.reply
    assert "Nunca te pediremos tu contraseña" in assessment.reply
