"""A message is stored by one INSERT prepared on the connection: the row `save()` would write, and a
Message-ID stored before still fails it (the copy is counted, not stored again)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.inserts import row_insert
from mail.models import InboundMessage, Source
from mail.services import inbound_receive
from tests.mail.build import email, make_mailbox

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


NOW = timezone.now()


def _new(key: str, mailbox, raw: bytes) -> InboundMessage:
    return InboundMessage(
        mailbox=mailbox,
        source=Source.PIPE,
        message_key=key,
        message_id=f"{key}@mail.example",
        raw=raw,
        size=len(raw),
        sender="Ana Lima <ana@mail.example>",
        subject="Withdrawal pending",
        received_at=NOW,
    )


def test_the_prepared_insert_writes_the_row_save_writes():
    mailbox = make_mailbox()
    raw = email(text="pending \u00e9\u00e8", attachments=[("a.pdf", b"%PDF-1.4\x00\xff", "application/pdf")])
    prepared, by_orm = _new("a" * 64, mailbox, raw), _new("b" * 64, mailbox, raw)
    with CaptureQueriesContext(connection) as ctx:
        row_insert(prepared)
    assert len(ctx.captured_queries) == 1
    by_orm.save(force_insert=True)
    assert prepared.pk is not None and not prepared._state.adding
    one, two = InboundMessage.objects.get(pk=prepared.pk), InboundMessage.objects.get(pk=by_orm.pk)
    differ = {"id", "message_key", "message_id"}
    for field in InboundMessage._meta.concrete_fields:
        if field.attname not in differ:
            assert getattr(one, field.attname) == getattr(two, field.attname), field.attname
    assert bytes(one.raw) == raw


def test_a_message_id_stored_before_fails_the_insert_and_is_counted():
    raw = email(message_id="<again@mail.example>")
    first, created = inbound_receive(raw=raw, source=Source.PIPE)
    assert created
    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert(_new(first.message_key, None, raw))
    again, created = inbound_receive(raw=raw, source=Source.PIPE)
    assert (again.pk, created, again.duplicates) == (first.pk, False, 1)
