"""What tier 0 costs the hot paths, in statements: intake pays one (the pending reading); the worker's
reading of a message, routing and answering included, stays within a fixed number."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistant import services
from assistant.models import Assessment
from assistant.types import Decision
from intake.pipeline import ticket_open
from tests.assistant.test_routing_waits_for_the_reading import Fake
from tests.factories import make_customer, make_team
from tickets.models import Channel

pytestmark = pytest.mark.django_db


def _open() -> Any:
    return ticket_open(
        customer=make_customer(), subject="Fees", body="what are your fees?", channel=Channel.WEB
    )


def _statements_of_open() -> int:
    customer = make_customer()
    with CaptureQueriesContext(connection) as ctx:
        ticket_open(customer=customer, subject="Fees", body="what are your fees?", channel=Channel.WEB)
    return len(ctx.captured_queries)


def test_intake_pays_one_statement_for_tier_0_and_routing_moves_to_the_worker(settings: Any) -> None:
    make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True)
    _open()  # warm caches (routing rules, content types) so both counts are steady
    settings.ASSISTANT_ENABLED = False
    without = _statements_of_open()
    settings.ASSISTANT_ENABLED = True
    with_tier0 = _statements_of_open()
    # The pending reading is one INSERT; routing (several statements) is not run at intake any more.
    # Measured: 29 without tier 0, 20 with it.
    assert with_tier0 < without
    assert with_tier0 <= 20
    assert Assessment.objects.count() == 1


def test_reading_routing_and_answering_a_new_case_stays_within_its_statements(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ASSISTANT_ENABLED = True
    make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True)
    fake = Fake()
    fake.decision = Decision(
        kind="answer", why="article answer", reply="See the fees article.", language="en"
    )
    monkeypatch.setattr(services, "read", fake.read)
    monkeypatch.setattr(services.deciding, "decide", fake.decide)
    monkeypatch.setattr(services.delivery, "deliver", fake.deliver)
    ticket = _open()
    assessment = Assessment.objects.get(ticket=ticket)
    with CaptureQueriesContext(connection) as ctx:
        services.assessment_run(assessment_id=assessment.pk)
    assert fake.delivered == [(ticket.pk, "answer", "See the fees article.")]
    # Measured 30: load, context, lock and store, routing with its rules, teams and audit, the SLA
    # clock, timeline and audit. A regression that reloads per row shows up here.
    assert len(ctx.captured_queries) <= 30, [q["sql"][:80] for q in ctx.captured_queries]
