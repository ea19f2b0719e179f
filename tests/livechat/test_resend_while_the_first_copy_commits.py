"""A message's lock, its client_id look-up and its ticket's lock are one statement. A resend that
waits for the row while its first copy commits must still find that copy: the waiting statement's
subqueries read the database as it was when the statement began."""

import threading
from typing import Any

import pytest
from django.db import connections, transaction

from livechat import services
from livechat.models import Conversation
from tests.livechat.conftest import start_chat
from tests.locks import wait_until_waiting_on_a_lock
from tickets.models import TimelineEntry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resend_that_waited_for_its_first_copy_is_answered_with_it(agents: Any) -> None:
    conversation = int(start_chat()["conversation"])
    first_written, let_it_commit = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = services.chat_message_post(
                    conversation_id=conversation, body="hello?", client_id="same"
                )
                first_written.set()
                let_it_commit.wait(10)
        finally:
            connections.close_all()

    def resend() -> None:
        try:
            results["resend"] = services.chat_message_post(
                conversation_id=conversation, body="hello?", client_id="same"
            )
        except Exception as exc:
            results["resend"] = exc
        finally:
            connections.close_all()

    writer = threading.Thread(target=first)
    writer.start()
    assert first_written.wait(10)
    resender = threading.Thread(target=resend)
    resender.start()
    wait_until_waiting_on_a_lock(what="the resend", seconds=10)
    let_it_commit.set()
    writer.join(10)
    resender.join(10)
    assert results["resend"].created is False, results["resend"]
    assert results["resend"].message == results["first"].message
    ticket = Conversation.objects.get(pk=conversation).ticket_id
    assert TimelineEntry.objects.filter(ticket_id=ticket, client_id="same").count() == 1
