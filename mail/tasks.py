"""Thin tasks: load by id, call the service, own the retry policy."""

from celery import Task, shared_task
from django.db import OperationalError

from mail.models import InboundMessage, Mailbox
from mail.services import (
    inbound_process,
    mailbox_poll,
    mailboxes_poll_due,
    outbound_give_up,
    outbound_send,
    outbox_sweep,
)
from mail.services.outbound import TransientSendError

RETRY_ON = (OperationalError,)
# Minutes between tries of a reply the mail server would not take yet: about 50 minutes in all.
SEND_COUNTDOWNS = (30, 60, 120, 300, 600, 1800)


# Queued once per message sent and never waited on: no result kept, so publishing it does not
# subscribe to a result channel in Redis.
@shared_task(bind=True, acks_late=True, max_retries=len(SEND_COUNTDOWNS), ignore_result=True)
def mail_send_task(self: Task, outbound_id: int) -> str:
    try:
        return outbound_send(outbound_id=outbound_id).status
    except TransientSendError as exc:
        if self.request.retries >= len(SEND_COUNTDOWNS):
            outbound_give_up(
                outbound_id=outbound_id, error=f"gave up after {self.request.retries + 1} tries: {exc}"
            )
            return "failed"
        raise self.retry(exc=exc, countdown=SEND_COUNTDOWNS[self.request.retries]) from exc


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def mail_outbox_sweep_task() -> int:
    return outbox_sweep()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5, ignore_result=True)
def mail_process_task(inbound_id: int) -> str:
    message = InboundMessage.objects.filter(pk=inbound_id).first()
    if message is None:
        return "missing"
    return inbound_process(message=message).status


@shared_task(acks_late=True)
def mail_poll_mailbox_task(mailbox_id: int) -> dict[str, int]:
    mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True).first()
    if mailbox is None:
        return {}
    return mailbox_poll(mailbox=mailbox).as_dict()


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def mail_poll_due_task() -> int:
    due = mailboxes_poll_due()
    for pk in due:
        mail_poll_mailbox_task.delay(pk)
    return len(due)


@shared_task(acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True, max_retries=5)
def mail_process_stalled_task() -> int:
    """Messages stored but never processed (a worker lost in between) get their turn."""
    from mail.services.inbound import inbound_process_stalled

    return inbound_process_stalled()
