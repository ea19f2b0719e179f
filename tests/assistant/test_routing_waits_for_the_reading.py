"""A new case's routing waits for tier 0's reading, which routes it with the intent it found; a reading
that never comes (worker down) or fails routes the case without tier 0. Run as the worker and beat run
them: outside a test transaction, on the real database, through the tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from assistant import services
from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from assistant.tasks import assistant_assess_task, assistant_stalled_sweep_task
from assistant.types import Decision, Reading
from intake.pipeline import customer_message_add, ticket_open
from routing.models import RoutingRule
from tests.factories import make_agent, make_customer, make_team
from tickets.models import Channel, EntryKind, Priority, Ticket, TimelineEntry

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _reading(intent: str = "withdrawal_pending", **overrides: Any) -> Reading:
    fields: dict[str, Any] = {
        "text": "",
        "language": "en",
        "language_confidence": 0.99,
        "intent": intent,
        "confidence": 0.8,
        "threshold": 0.5,
        "scores": ((intent, 0.85), ("fees_info", 0.05)),
        "specialty": "wallets_onchain",
        "priority": "high",
        "distress": False,
        "social_engineering_risk": False,
    }
    fields.update(overrides)
    return Reading(**fields)


class Fake:
    """Stands in for the engine, the decision and the channel (each tested on its own elsewhere)."""

    def __init__(self) -> None:
        self.reading = _reading()
        self.decision = Decision(kind="handoff", why="account-specific intent", reply="", language="en")
        self.delivered: list[tuple[int, str, str]] = []
        self.released: list[int] = []
        self.fail = False

    def read(self, text: str, *, channel: str = "") -> Reading:
        if self.fail:
            raise RuntimeError("engine broke")
        return self.reading

    def decide(self, reading: Reading, *, context: Any) -> Decision:
        self.context = context
        return self.decision

    def deliver(self, *, ticket: Ticket, assessment: Assessment, decision: Decision, now: dt.datetime) -> Any:
        self.delivered.append((ticket.pk, decision.kind, decision.reply))
        return None

    def release(self, *, ticket: Ticket, now: dt.datetime) -> None:
        self.released.append(ticket.pk)


@pytest.fixture
def fake(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Fake]:
    settings.ASSISTANT_ENABLED = True
    fake = Fake()
    monkeypatch.setattr(services, "read", fake.read)
    monkeypatch.setattr(services.deciding, "decide", fake.decide)
    monkeypatch.setattr(services.delivery, "deliver", fake.deliver)
    monkeypatch.setattr(services.delivery, "release", fake.release)
    monkeypatch.setattr(
        services, "handoff_notice", lambda **kw: f"A person from {kw['ticket'].team.name} will answer."
    )
    yield fake


@pytest.fixture
def teams() -> dict[str, Any]:
    return {
        "general": make_team(name="General", slug="general", tier=1, languages=["en"], is_default=True),
        "wallets": make_team(name="Wallets", slug="wallets", tier=2, skills=["wallets"], languages=["en"]),
        "security": make_team(
            name="Security", slug="security", tier=2, skills=["security"], languages=["en"]
        ),
    }


def _open(body: str = "my withdrawal is stuck", **fields: Any) -> Ticket:
    return ticket_open(
        customer=make_customer(),
        subject="Help",
        body=body,
        channel=fields.pop("channel", Channel.WEB),
        **fields,
    )


def test_a_new_case_is_routed_to_the_team_of_the_specialty_tier_0_read(
    fake: Fake, teams: dict[str, Any]
) -> None:
    ticket = _open()
    ticket.refresh_from_db()
    assessment = Assessment.objects.get(ticket=ticket)
    assert assessment.state == AssessmentState.DONE
    assert assessment.intent == "withdrawal_pending"
    assert ticket.team_id == teams["wallets"].pk
    assert ticket.priority == Priority.HIGH
    assert ticket.routing["facts"]["intent"] == "withdrawal_pending"
    assert fake.delivered == [(ticket.pk, "handoff", "A person from Wallets will answer.")]
    events = list(ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT).values_list("data__event", flat=True))
    assert events.index("tier0_assessed") > events.index("routed")


def test_a_routing_rule_can_send_an_intent_to_a_team(fake: Fake, teams: dict[str, Any]) -> None:
    RoutingRule.objects.create(
        position=1,
        name="Hacked accounts to security",
        conditions=[{"field": "intent", "op": "eq", "value": "account_hacked"}],
        actions={"team": "security", "priority": "urgent"},
    )
    fake.reading = _reading("account_hacked", specialty="account_security", priority="urgent")
    ticket = _open("someone logged into my account")
    ticket.refresh_from_db()
    assert ticket.team_id == teams["security"].pk
    assert ticket.priority == Priority.URGENT
    assert "Hacked accounts to security" in " ".join(ticket.routing["reasons"])


def test_a_case_tier_0_answers_is_routed_but_not_handed_to_an_agent(
    fake: Fake, teams: dict[str, Any]
) -> None:
    fake.reading = _reading("fees_info", specialty="general", priority="low")
    fake.decision = Decision(
        kind="answer", why="article answer", reply="See our fees.", language="en", article="fees"
    )
    ticket = _open("what are your fees")
    ticket.refresh_from_db()
    assert ticket.team_id == teams["general"].pk
    assert ticket.assignee_id is None
    assert ticket.priority == Priority.LOW
    assessment = Assessment.objects.get(ticket=ticket)
    assert assessment.decision == DecisionKind.ANSWER and assessment.article == "fees"


def test_running_the_reading_twice_acts_once(fake: Fake, teams: dict[str, Any]) -> None:
    ticket = _open()
    assessment = Assessment.objects.get(ticket=ticket)
    assert assistant_assess_task.delay(assessment.pk).get() == ""
    assert len(fake.delivered) == 1
    assert ticket.entries.filter(data__event="routed").count() == 1


def test_an_engine_that_fails_routes_the_case_without_tier_0_at_once(
    fake: Fake, teams: dict[str, Any]
) -> None:
    fake.fail = True
    ticket = _open()
    ticket.refresh_from_db()
    assessment = Assessment.objects.get(ticket=ticket)
    assert assessment.state == AssessmentState.SKIPPED
    assert "RuntimeError" in assessment.why
    assert ticket.team_id is not None
    assert ticket.entries.filter(data__event="tier0_skipped").exists()
    assert fake.released == [ticket.pk]


def test_the_sweep_reads_again_a_lost_reading_and_gives_up_on_an_old_one(
    fake: Fake, teams: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.steps as steps

    # The broker is down while the two cases arrive: nothing reaches a worker.
    with monkeypatch.context() as down:
        down.setattr(steps, "assessment_queue", lambda pk: None)
        lost, old = _open(), _open()
    assert Ticket.objects.get(pk=lost.pk).team_id is None
    now = timezone.now()
    Assessment.objects.filter(ticket=lost).update(created_at=now - dt.timedelta(seconds=45))
    Assessment.objects.filter(ticket=old).update(created_at=now - dt.timedelta(minutes=10))

    assert assistant_stalled_sweep_task.delay().get() == [1, 1]
    assert Assessment.objects.get(ticket=lost).state == AssessmentState.DONE
    skipped = Assessment.objects.get(ticket=old)
    assert skipped.state == AssessmentState.SKIPPED
    assert Ticket.objects.get(pk=old.pk).team_id is not None
    # Run again: nothing left to do.
    assert assistant_stalled_sweep_task.delay().get() == [0, 0]


def test_tier_0_never_speaks_over_an_agent_who_replied(
    fake: Fake, teams: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.steps as steps

    queued: list[int] = []
    monkeypatch.setattr(steps, "assessment_queue", queued.append)
    ticket = _open()
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.AGENT_REPLY,
        author=make_agent(username="agent-x"),
        body="I'm on it",
        created_at=timezone.now(),
    )
    fake.decision = Decision(kind="answer", why="article", reply="See this article.", language="en")
    result = services.assessment_run(assessment_id=queued[0])
    assert result is not None
    assert result.decision == DecisionKind.HANDOFF
    assert "an agent has replied" in result.why
    assert result.outcome == Outcome.AGENT
    assert fake.delivered == []


def test_a_customer_who_writes_again_after_an_answer_is_read_again_and_the_answer_counts_as_failed(
    fake: Fake, teams: dict[str, Any]
) -> None:
    fake.reading = _reading("fees_info", specialty="general", priority="low")
    fake.decision = Decision(
        kind="answer", why="article", reply="Fees article.", language="en", article="fees"
    )
    ticket = _open("fees?")
    customer_message_add(ticket=ticket, body="that did not answer it")
    first, second = Assessment.objects.filter(ticket=ticket).order_by("id")
    assert first.outcome == Outcome.CAME_BACK
    assert second.first is False and second.state == AssessmentState.DONE
    assert fake.context.failed_answers == 1
    assert fake.context.previous_articles == ("fees",)
