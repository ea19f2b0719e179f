"""A visitor's message reads what two of its intake steps need in the statement that locks the chat:
the version of the active incidents (the process keeps the list it loaded under it, so the incident
step reads neither Redis nor the database) and the risk step's look. What the steps decide is what
their own reads decided: an incident declared or resolved by another process is seen by the next
message, whatever another process left in the shared cache, and a case is assessed again exactly when
the step's own look says so."""

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from approvals import risk_steps
from approvals.models import RiskAssessment, RiskLevel, RiskTrigger
from assistant.models import Assessment
from incidents import linking
from incidents.models import IncidentLink, LinkSource
from incidents.services import incident_resolve
from intake.pipeline import ticket_open
from livechat import services
from livechat.models import Conversation
from tests.factories import make_agent
from tests.incidents.conftest import declare_tron
from tests.livechat.conftest import start_chat
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db

STUCK = "My TRC20 USDT withdrawal is still stuck"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The assessments queued (the worker's task stubbed), with this process knowing no case fresh."""
    from approvals import risk_tasks

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr(risk_steps, "_fresh_until", {})
    return calls


def _chat(agents: Any) -> int:
    conversation = int(start_chat(topic="withdrawal", message="hello")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])
    return conversation


def _ticket(conversation: int) -> Ticket:
    return Conversation.objects.select_related("ticket").get(pk=conversation).ticket


def _post(conversation: int, body: str, client_id: str, capture: Any) -> None:
    with capture(execute=True):
        services.chat_message_post(conversation_id=conversation, body=body, client_id=client_id)


def _links(conversation: int) -> list[tuple[str, str]]:
    return list(
        IncidentLink.objects.filter(ticket=_ticket(conversation), unlinked_at__isnull=True).values_list(
            "source", "reason"
        )
    )


def _refuse_shared_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on the chat's incident step must not read the shared cached list (nor fall back to
    it); a new chat's first message, a new case, still does."""

    def refused() -> Any:
        raise AssertionError("the chat's message read the shared list of active incidents")

    monkeypatch.setattr(linking, "active_incidents", refused)


# --- Incidents ------------------------------------------------------------------------------------------


def test_a_message_during_an_incident_is_linked_as_the_intake_step_links_any_message(
    agents, queued, django_capture_on_commit_callbacks
):
    tron = declare_tron(make_agent(username="sam", role="supervisor"))
    conversation = _chat(agents)
    elsewhere = ticket_open(customer=_ticket(conversation).customer, subject="Withdrawal", body=STUCK)

    _post(conversation, STUCK, "v-1", django_capture_on_commit_callbacks)

    expected = list(IncidentLink.objects.filter(ticket=elsewhere).values_list("source", "reason"))
    assert expected and expected[0][0] == LinkSource.INTAKE
    assert _links(conversation) == expected
    assert IncidentLink.objects.get(ticket=_ticket(conversation)).incident_id == tron.pk


def test_an_incident_declared_elsewhere_is_matched_by_the_next_message(
    agents, queued, monkeypatch, django_capture_on_commit_callbacks
):
    conversation = _chat(agents)
    _refuse_shared_list(monkeypatch)
    _post(conversation, "hello?", "v-1", django_capture_on_commit_callbacks)
    assert _links(conversation) == []
    # Another process declares it; what this process cached, and the shared cache, still say "none".
    declare_tron(make_agent(username="sam", role="supervisor"))
    cache.set(linking.CACHE_KEY, [], 60)

    _post(conversation, STUCK, "v-2", django_capture_on_commit_callbacks)

    assert [source for source, _reason in _links(conversation)] == [LinkSource.INTAKE]


def test_an_incident_resolved_elsewhere_is_not_matched_by_the_next_message(
    agents, queued, monkeypatch, django_capture_on_commit_callbacks
):
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam)
    first, second = _chat(agents), _chat(agents)
    _refuse_shared_list(monkeypatch)
    _post(first, STUCK, "v-1", django_capture_on_commit_callbacks)
    assert len(_links(first)) == 1
    stale = linking.active_incidents_at(None)
    incident_resolve(incident=tron, actor=sam, messages={"en": "Tron withdrawals are flowing again."})
    cache.set(linking.CACHE_KEY, stale, 60)

    _post(second, STUCK, "v-1", django_capture_on_commit_callbacks)

    assert _links(second) == []


def test_the_active_incidents_kept_under_an_unchanged_version_cost_no_statement(
    agents, queued, monkeypatch, django_capture_on_commit_callbacks, django_assert_num_queries
):
    declare_tron(make_agent(username="sam", role="supervisor"))
    conversation = _chat(agents)
    _refuse_shared_list(monkeypatch)
    _post(conversation, "hello?", "v-1", django_capture_on_commit_callbacks)

    # The lock (with the version and the risk look), the message, the incident step's savepoint and its
    # release around a match that finds nothing (the clock, already waiting on the visitor, is not
    # written again): nothing reads the incidents.
    with django_assert_num_queries(4) as captured:
        services.chat_message_post(conversation_id=conversation, body="and now?", client_id="v-2")
    assert not [q for q in captured.captured_queries if "incidents_incident" in q["sql"]]


# --- The risk step ------------------------------------------------------------------------------------


def _assessed(ticket: Ticket, ago: dt.timedelta) -> None:
    RiskAssessment.objects.create(
        ticket=ticket,
        trigger=RiskTrigger.CHAT,
        level=RiskLevel.LOW,
        score=0,
        created_at=timezone.now() - ago,
    )


CASES = {
    "never assessed": lambda ticket: None,
    "assessed a minute ago": lambda ticket: _assessed(ticket, dt.timedelta(minutes=1)),
    "assessed too long ago": lambda ticket: _assessed(
        ticket, risk_steps.REASSESS_AFTER + dt.timedelta(minutes=1)
    ),
    "tier 0 read a 2FA reset, never assessed": lambda ticket: Assessment.objects.create(
        ticket=ticket, created_at=ticket.created_at, intent="twofa_reset_request"
    ),
    "tier 0 read a 2FA reset as corrected": lambda ticket: Assessment.objects.create(
        ticket=ticket, created_at=ticket.created_at, intent="other", corrected_intent="twofa_reset_request"
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_plain_message_is_assessed_again_exactly_when_the_steps_own_look_says_so(
    case, agents, queued, django_capture_on_commit_callbacks
):
    conversation = _chat(agents)
    ticket = _ticket(conversation)
    CASES[case](ticket)
    own_look = risk_steps._worth_assessing(Ticket.objects.get(pk=ticket.pk), timezone.now())
    risk_steps._fresh_until.clear()

    _post(conversation, "and how long does it take?", "v-1", django_capture_on_commit_callbacks)

    assert queued == ([(ticket.pk, RiskTrigger.MESSAGE)] if own_look else [])
    assert own_look == (case not in ("never assessed", "assessed a minute ago"))


def test_a_message_asking_for_a_high_risk_action_is_assessed_though_the_case_is_fresh(
    agents, queued, django_capture_on_commit_callbacks
):
    conversation = _chat(agents)
    _assessed(_ticket(conversation), dt.timedelta(minutes=1))

    _post(conversation, "please reset my 2FA, I lost my phone", "v-1", django_capture_on_commit_callbacks)
    _post(conversation, "thanks", "v-2", django_capture_on_commit_callbacks)

    assert queued == [(_ticket(conversation).pk, RiskTrigger.MESSAGE)]


def test_a_stale_case_is_queued_once_and_the_next_message_reads_nothing_for_it(
    agents, queued, django_capture_on_commit_callbacks
):
    conversation = _chat(agents)
    _assessed(_ticket(conversation), risk_steps.REASSESS_AFTER + dt.timedelta(minutes=1))

    _post(conversation, "still there?", "v-1", django_capture_on_commit_callbacks)
    _post(conversation, "hello?", "v-2", django_capture_on_commit_callbacks)

    assert queued == [(_ticket(conversation).pk, RiskTrigger.MESSAGE)]


def test_a_chat_merged_into_another_case_has_its_steps_read_that_case(
    agents, queued, django_capture_on_commit_callbacks
):
    from tickets.merging import ticket_merge_write

    conversation = _chat(agents)
    chat_ticket = _ticket(conversation)
    target = ticket_open(
        customer=chat_ticket.customer, subject="Same issue", body="hello", channel=Channel.EMAIL
    )
    ticket_merge_write(source=chat_ticket, target=target, actor=agents[0])
    _assessed(target, risk_steps.REASSESS_AFTER + dt.timedelta(minutes=1))

    _post(conversation, "anyone?", "v-1", django_capture_on_commit_callbacks)

    assert queued == [(target.pk, RiskTrigger.MESSAGE)]
