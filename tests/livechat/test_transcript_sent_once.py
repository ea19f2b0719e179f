"""A chat transcript the visitor asks for is mailed exactly once: it goes through the email outbox,
so a redelivered or retried send finds it already sent, and a failed send is retried, not lost."""

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail as outbox
from django.db import connection
from django.test import Client
from django.utils import timezone

from mail.models import OutboundKind, OutboundMessage, OutboundStatus
from mail.tasks import mail_outbox_sweep_task, mail_send_task
from tests.factories import make_team
from tests.livechat.conftest import start_chat

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    # Retries run at once, in line, as a worker would run them later.
    from helpdesk.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def request_transcript(chat: dict[str, Any]) -> Any:
    return Client().post(
        "/chat/api/transcript/", json.dumps({"token": chat["token"]}), content_type="application/json"
    )


def chat_with_message() -> dict[str, Any]:
    assert connection.vendor == "postgresql" and not connection.in_atomic_block
    make_team(name="Chat", slug="chat", languages=["en"])
    chat = start_chat(message="Where is my BTC?", name="Ola", email="ola@mail.example")
    outbox.outbox.clear()
    return chat


def test_the_transcript_is_mailed_once_even_when_its_send_task_runs_again() -> None:
    chat = chat_with_message()
    assert request_transcript(chat).json() == {"sent": True}
    out = OutboundMessage.objects.get(kind=OutboundKind.TRANSCRIPT)
    # The broker redelivers the task (a worker lost after sending), and the sweep passes by.
    assert mail_send_task.delay(out.pk).get() == OutboundStatus.SENT
    assert mail_send_task.delay(out.pk).get() == OutboundStatus.SENT
    assert mail_outbox_sweep_task.delay().get() == 0
    [sent] = outbox.outbox
    assert sent.to == ["ola@mail.example"]
    assert "Where is my BTC?" in str(sent.body)
    out.refresh_from_db()
    assert out.status == OutboundStatus.SENT and out.attempts == 1


def test_a_transcript_the_mail_server_could_not_take_is_retried_and_sent_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    chat = chat_with_message()
    original = EmailBackend.send_messages
    calls: list[int] = []

    def flaky(self: EmailBackend, messages: Any) -> int:
        calls.append(len(messages))
        if len(calls) == 1:
            raise ConnectionResetError("the mail server went away")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    assert request_transcript(chat).status_code == 200
    out = OutboundMessage.objects.get(kind=OutboundKind.TRANSCRIPT)
    assert out.status == OutboundStatus.SENT and out.attempts == 2
    assert [m.to for m in outbox.outbox] == [["ola@mail.example"]]


def test_a_transcript_asked_for_while_the_broker_is_down_is_sent_by_the_outbox_sweep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat = chat_with_message()

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("no broker")

    with monkeypatch.context() as patched:
        patched.setattr(mail_send_task, "delay", broker_down)
        assert request_transcript(chat).json() == {"sent": True}
    assert outbox.outbox == []
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        assert mail_outbox_sweep_task.delay().get() == 1
        assert mail_outbox_sweep_task.delay().get() == 0
    assert [m.to for m in outbox.outbox] == [["ola@mail.example"]]
