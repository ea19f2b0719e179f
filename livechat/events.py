"""Realtime events of live chat: the payloads, the groups they go to, and how they are published.

Groups are narrow: `chat.<id>` reaches the visitor and the agents watching that chat,
`chat.<id>.agents` only those agents (internal notes), `agent.<user id>` one agent's consoles (offers
and the chats that concern them). Nothing is broadcast and filtered.

The layer only wakes connections up; every message is stored and numbered before it is published, so
a connection that misses an event catches up from the database (see consumers/base.py).
"""

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.urls import reverse

from livechat.identity import attachment_token
from tickets.models import Attachment, EntryKind, TimelineEntry

log = logging.getLogger(__name__)

WireKind = Literal["customer", "agent", "note", "system"]
Who = Literal["customer", "agent"]
Status = Literal["waiting", "offered", "active", "ended"]
ErrorCode = Literal[
    "bad_frame",
    "too_large",
    "rate_limited",
    "forbidden",
    "not_found",
    "closed",
    "unauthenticated",
    "taken",
    "server_error",
]

WIRE_KIND: dict[str, WireKind] = {
    EntryKind.CUSTOMER_MESSAGE: "customer",
    EntryKind.AGENT_REPLY: "agent",
    EntryKind.INTERNAL_NOTE: "note",
    # Mail from an unknown sender on the ticket's thread: for agents' eyes, like a note.
    EntryKind.HELD_MESSAGE: "note",
    EntryKind.SYSTEM_EVENT: "system",
}
PUBLIC_KINDS = (EntryKind.CUSTOMER_MESSAGE, EntryKind.AGENT_REPLY, EntryKind.SYSTEM_EVENT)


def chat_group(conversation_id: int) -> str:
    return f"chat.{conversation_id}"


def chat_agents_group(conversation_id: int) -> str:
    return f"chat.{conversation_id}.agents"


def agent_group(user_id: int) -> str:
    return f"agent.{user_id}"


def session_digest(session_key: str) -> str:
    """How a session is named on the channel layer: never the key itself, which signs a person in."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


# --- Payloads -------------------------------------------------------------------------------------


class AttachmentData(TypedDict):
    id: int
    filename: str
    content_type: str
    size: int


class AssistantData(TypedDict):
    """What marks a message as tier 0's: the assessment it answers for and the choices the visitor
    is offered under it ("solved", "person"; none on a hand-off notice)."""

    assessment: int | None
    choices: list[str]
    article_url: str


class MessageData(TypedDict):
    conversation: int
    seq: int
    kind: WireKind
    author: str
    body: str
    client_id: str
    created_at: str
    attachments: list[AttachmentData]
    assistant: NotRequired[AssistantData]


class QueueData(TypedDict):
    position: int | None
    expected_wait_seconds: int | None
    # True when the estimate passed LIVECHAT_WAIT_CAP_SECONDS: the wait is "more than" the cap.
    expected_wait_capped: bool


class MessagePosted(TypedDict):
    type: Literal["chat.message_posted"]
    message: MessageData


class TypingChanged(TypedDict):
    type: Literal["chat.typing_changed"]
    conversation: int
    who: Who
    name: str
    active: bool
    # The connection that typed: it does not hear its own indicator back.
    sender: str


class ReadMarked(TypedDict):
    type: Literal["chat.read_marked"]
    conversation: int
    seq: int
    by: Who


class StatusChanged(TypedDict):
    type: Literal["chat.status_changed"]
    conversation: int
    status: Status
    agent: str | None
    waited_seconds: int
    queue: QueueData
    # Tier 0 (the assistant) holds the chat: the widget offers "talk to a person" instead of a queue.
    assistant: bool


class Offered(TypedDict):
    type: Literal["chat.offered"]
    conversation: int
    ticket: str
    customer: str
    verified: bool
    vip_level: str
    topic: str
    language: str
    waited_seconds: int
    expires_at: str


class SessionEnded(TypedDict):
    """To an agent's group: close the consoles of that session (`None`: of every session)."""

    type: Literal["agent.session_ended"]
    session: str | None


Event = MessagePosted | TypingChanged | ReadMarked | StatusChanged | Offered | SessionEnded


def message_data(
    entry: TimelineEntry, conversation_id: int, *, attachments: "list[Attachment] | None" = None
) -> MessageData:
    """A stored message as every audience sees it; `entry` comes with its author or customer, and its
    attachments unless the caller knows them."""
    if entry.kind == EntryKind.CUSTOMER_MESSAGE:
        author = entry.customer.name if entry.customer else ""
    elif entry.author is not None:
        author = entry.author.first_name or entry.author.get_username()
    else:
        author = ""
    assert entry.seq is not None, "only numbered entries are chat messages"
    data: MessageData = {
        "conversation": conversation_id,
        "seq": entry.seq,
        "kind": WIRE_KIND[entry.kind],
        "author": author,
        "body": entry.body,
        "client_id": entry.client_id,
        "created_at": entry.created_at.isoformat(),
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in (entry.attachments.all() if attachments is None else attachments)
        ],
    }
    tier0 = entry.data.get("tier0") if isinstance(entry.data, dict) else None
    if isinstance(tier0, dict):
        data["assistant"] = {
            "assessment": tier0.get("assessment"),
            "choices": [str(c) for c in tier0.get("choices", [])],
            "article_url": str(tier0.get("article_url", "")),
        }
    return data


# --- Frames: what a connection sends, per audience ------------------------------------------------


def message_frame(data: MessageData, *, for_customer: bool) -> dict[str, object]:
    """The `message` frame; attachment links differ: agents download through the workspace, a visitor
    through a signed link for that one file."""
    attachments = []
    for a in data["attachments"]:
        if for_customer:
            url = reverse("livechat:api-file", args=[attachment_token(a["id"], data["conversation"])])
        else:
            url = reverse("tickets:attachment-download", args=[a["id"]])
        attachments.append({**a, "url": url})
    return {"type": "message", **data, "attachments": attachments}


def typing_frame(event: TypingChanged) -> dict[str, object]:
    return {
        "type": "typing",
        "conversation": event["conversation"],
        "who": event["who"],
        "name": event["name"],
        "active": event["active"],
    }


def read_frame(event: ReadMarked) -> dict[str, object]:
    return {"type": "read", "conversation": event["conversation"], "seq": event["seq"], "by": event["by"]}


def status_frame(event: StatusChanged) -> dict[str, object]:
    return {
        "type": "status",
        "conversation": event["conversation"],
        "status": event["status"],
        "agent": event["agent"],
        "waited_seconds": event["waited_seconds"],
        "queue": event["queue"],
        "assistant": event.get("assistant", False),
    }


def offer_frame(event: Offered) -> dict[str, object]:
    frame: dict[str, object] = dict(event)
    frame["type"] = "offer"
    return frame


def error_frame(
    code: ErrorCode, message: str, *, client_id: str | None = None, conversation: int | None = None
) -> dict[str, object]:
    frame: dict[str, object] = {"type": "error", "code": code, "message": message}
    if conversation is not None:
        frame["conversation"] = conversation
    if client_id:
        frame["client_id"] = client_id
    return frame


# --- Publishing -----------------------------------------------------------------------------------


# Events published in this thread while a socket's database call runs (`publishes_held`).
_held = threading.local()


def publish(group: str, event: Event) -> None:
    """Send now. Called after commit, from sync code (services, tasks). Inside `publishes_held` (a
    socket's call on the database pool) the event is kept for the socket's event loop to send."""
    held: list[tuple[str, dict[str, Any]]] | None = getattr(_held, "events", None)
    if held is not None:
        held.append((group, dict(event)))
        return
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, dict(event))


@contextmanager
def publishes_held() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Keep what this thread publishes, in order, instead of sending it: a socket's database call runs
    on a pool thread, and `async_to_sync` would hop back to the event loop for each event and hold the
    thread (and its database connection) through the channel layer's round trip. The socket sends
    them itself once the call returns (`publish_held`), before it answers the frame."""
    outer = getattr(_held, "events", None)
    held: list[tuple[str, dict[str, Any]]] = []
    _held.events = held
    try:
        yield held
    finally:
        _held.events = outer


async def publish_held(held: list[tuple[str, dict[str, Any]]]) -> None:
    """Send what `publishes_held` kept, in order. As after a commit, a failed publish is logged and
    dropped: the change is stored, and clients catch up by number."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group, event in held:
        try:
            await layer.group_send(group, event)
        except Exception:
            log.exception("publishing %s to %s failed", event.get("type"), group)


async def apublish(group: str, event: Event) -> None:
    """Send now, from a consumer: only for what is never stored (typing)."""
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group, dict(event))


def publish_on_commit(group: str, event: Event) -> None:
    """Publish once the caller's transaction commits; nothing goes out for a change rolled back.

    A failed publish is logged and dropped: the change is stored, and clients catch up by number.
    """
    transaction.on_commit(lambda: publish(group, event), robust=True)
