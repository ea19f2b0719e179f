"""What the chat services share: the conversation row locked for a change, and the status events
published once it is stored."""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from livechat import events
from livechat.models import Conversation
from livechat.queue import queue_snapshot
from livechat.state import status_event

# Waiting chats of a team told their new place when the queue moves; later ones hear at their turn.
QUEUE_UPDATES = 50


# The fields that say a chat is promised to an agent and who had it before.
OFFER_FIELDS = ["offered_to", "offered_at", "offer_expires_at", "offered_before"]


def _clear_offer(conversation: Conversation) -> list[str]:
    """Forget the chat's offer (it was taken, ended or went back to waiting); the caller saves the
    fields returned along with its own."""
    conversation.offered_to = None
    conversation.offered_at = conversation.offer_expires_at = None
    conversation.offered_before = []
    return OFFER_FIELDS


# --- Publishing -----------------------------------------------------------------------------------


def _publish_status(
    conversation: Conversation, now: dt.datetime, *, agents: Iterable[int | None] = ()
) -> None:
    """The visitor and the agents watching hear the new state; so do the agents named, on their own
    group (the one an offer went to, the one who now has the chat)."""
    event = status_event(conversation, now)
    events.publish_on_commit(events.chat_group(conversation.pk), event)
    for user_id in {a for a in agents if a}:
        events.publish_on_commit(events.agent_group(user_id), event)


def _publish_queue_moved(team_id: int | None, now: dt.datetime) -> None:
    for chat, queue in queue_snapshot(team_id, now, limit=QUEUE_UPDATES):
        events.publish_on_commit(events.chat_group(chat.pk), status_event(chat, now, queue=queue))


def _locked(conversation_id: int, *, skip_locked: bool = False) -> Conversation | None:
    return (
        Conversation.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        .select_related("ticket__customer", "ticket__assignee")
        .filter(pk=conversation_id)
        .first()
    )


def _lock(conversation_id: int) -> Conversation:
    conversation = _locked(conversation_id)
    if conversation is None:
        raise DomainError(_("No such chat."), code="not_found")
    return conversation
