"""An acknowledgement's send reaches the real Redis broker once, with its outbound row's id, after the
commit of the mail that asked for it and never on a rollback: the first message in the process built
by Celery, the ones after it through the kept producer (helpdesk/task_publish.py)."""

from typing import Any

import pytest
import redis
from django.db import transaction

from mail.models import OutboundKind, OutboundMessage, Source
from mail.services import inbound_process, inbound_receive
from tests.celery_queue import broker, queued_args
from tests.mail.build import email, make_mailbox

__all__ = ["broker"]  # a fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SEND = "mail.tasks.mail_send_task"


def _sends(client: redis.Redis) -> list[list[Any]]:
    """The arguments of each send waiting in the queue, oldest first."""
    return queued_args(client, SEND)


def _process(n: int) -> None:
    raw = email(sender=f"Customer {n} <customer{n}@mail.example>", message_id=f"<ask-{n}@mail.example>")
    inbound_process(message=inbound_receive(raw=raw, source=Source.PIPE)[0])


def _acknowledgements() -> list[int]:
    return list(
        OutboundMessage.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_each_acknowledgement_is_queued_once_after_the_commit(broker):
    make_mailbox()
    with transaction.atomic():
        _process(1)
        assert _sends(broker) == []  # nothing leaves before the commit
    assert _sends(broker) == [[pk] for pk in _acknowledgements()]
    with transaction.atomic():
        _process(2)
        _process(3)
    acknowledgements = _acknowledgements()
    assert len(acknowledgements) == 3
    assert _sends(broker) == [[pk] for pk in acknowledgements]


def test_a_rolled_back_mail_queues_no_send(broker):
    make_mailbox()
    _process(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _process(2)
        raise RuntimeError("rolled back")
    assert _sends(broker) == [[pk] for pk in _acknowledgements()]
    assert len(_acknowledgements()) == 1
