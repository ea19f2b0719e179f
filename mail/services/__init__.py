"""Every write of the email channel: inbound storage and processing, the outbox, IMAP polling."""

from mail.services.imap import mailbox_poll, mailboxes_poll_due
from mail.services.inbound import inbound_process, inbound_receive, inbound_reprocess
from mail.services.outbound import (
    acknowledgement_queue,
    outbound_give_up,
    outbound_send,
    outbox_sweep,
    reply_queue,
    survey_queue,
    transcript_queue,
)

__all__ = [
    "acknowledgement_queue",
    "inbound_process",
    "inbound_receive",
    "inbound_reprocess",
    "mailbox_poll",
    "mailboxes_poll_due",
    "outbound_give_up",
    "outbound_send",
    "outbox_sweep",
    "reply_queue",
    "survey_queue",
    "transcript_queue",
]
