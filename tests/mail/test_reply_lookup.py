"""A reply's ticket, read under its lock by its Message-IDs in one prepared statement, is the one the ORM
reads: the first of the message's keys that is known, with its customer and its mail thread."""

import pytest
from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.test.utils import CaptureQueriesContext

from mail.models import MailThread, MessageRef
from mail.parsing import message_key
from mail.services.rows import thread_locked, ticket_by_refs_locked
from tests.mail.build import deliver, email, make_mailbox

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _by_orm(keys: list[str]):
    first = Case(*[When(message_key=key, then=Value(i)) for i, key in enumerate(keys)])
    found = MessageRef.objects.filter(message_key__in=keys).select_related(
        "ticket__customer", "ticket__mail_thread"
    )
    ref = found.order_by(first).select_for_update(of=("ticket",)).first()
    return None if ref is None else ref.ticket


def test_the_first_known_key_wins_with_its_customer_and_thread_as_the_orm_reads_them():
    mailbox = make_mailbox()
    one = deliver(email(message_id="<one@mail.example>"), mailbox).ticket
    two = deliver(email(message_id="<two@mail.example>", sender="bob@mail.example"), mailbox).ticket
    # A ticket whose thread is gone (made before threads were kept) reads as having none.
    MailThread.objects.filter(ticket=two).delete()
    unknown, first, second = (message_key(i) for i in ("nobody@x", "one@mail.example", "two@mail.example"))
    with transaction.atomic():
        for keys in ([first, second], [second, first], [unknown, second, first], [unknown], [second, second]):
            with CaptureQueriesContext(connection) as ctx:
                found = ticket_by_refs_locked(keys)
            expected = _by_orm(keys)
            assert len(ctx.captured_queries) == 1
            if expected is None:
                assert found is None
                continue
            assert found is not None and found.pk == expected.pk
            assert found.__dict__.keys() >= {f.attname for f in type(found)._meta.concrete_fields}
            assert [getattr(found, f.attname) for f in found._meta.concrete_fields] == [
                getattr(expected, f.attname) for f in expected._meta.concrete_fields
            ]
            with CaptureQueriesContext(connection) as ctx:
                assert found.customer == expected.customer and found.customer.email == expected.customer.email
                thread = getattr(found, "mail_thread", None)
            # Read with the ticket: no statement for either.
            assert ctx.captured_queries == []
            assert (thread.pk if thread else None) == (one.mail_thread.pk if found.pk == one.pk else None)
            if thread is not None:
                assert thread.reply_to == expected.mail_thread.reply_to and thread.ticket is found


def test_a_replys_thread_is_read_again_under_its_lock_as_the_orm_reads_it():
    mailbox = make_mailbox()
    ticket = deliver(email(message_id="<three@mail.example>"), mailbox).ticket
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            thread = thread_locked(ticket)
        assert len(ctx.captured_queries) == 1 and "FOR UPDATE" in ctx.captured_queries[0]["sql"]
        expected = MailThread.objects.get(ticket=ticket)
        assert thread is not None
        assert [getattr(thread, f.attname) for f in MailThread._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in MailThread._meta.concrete_fields
        ]
        expected.delete()
        assert thread_locked(ticket) is None
