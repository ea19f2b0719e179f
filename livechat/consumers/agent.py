"""The agent's socket: the console of a signed-in agent."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import may_use_workspace, staff_session_ok
from helpdesk.errors import DomainError
from livechat import events, services, state
from livechat.access import agent_session_valid, check_agent_access, conversation_for_agent
from livechat.consumers.base import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, ChatConsumer
from livechat.consumers.frames import _conversation_of, _flag, _int, _text
from livechat.consumers.pools import db, read
from livechat.events import ErrorCode

log = logging.getLogger(__name__)


class AgentConsumer(ChatConsumer):
    """The console of a signed-in agent: offers arrive on the agent's own group; each chat is watched
    after `subscribe` (or `accept`), for the chats `tickets.access` lets the agent see.

    The socket lives as long as the session that opened it: signing out or deactivating the agent
    closes it at once (an `agent.session_ended` event on the agent's group), and the session is
    looked up again every LIVECHAT_SESSION_CHECK_SECONDS, which catches one that expired or was
    ended by a password change."""

    for_customer = False

    async def admission(self) -> tuple[ErrorCode, str, int] | None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if user is None or not user.is_authenticated or not user.is_active or not session_key:
            return "unauthenticated", _("Sign in to the helpdesk first."), CLOSE_UNAUTHENTICATED
        if not may_use_workspace(user):
            return "forbidden", _("Auditors have no chat console."), CLOSE_FORBIDDEN
        if not await read(staff_session_ok, user, session):
            return "unauthenticated", _("Sign in again, with your second factor."), CLOSE_UNAUTHENTICATED
        return None

    async def opened(self) -> None:
        user = self.scope["user"]
        session_key = self.scope["session"].session_key
        self.user = user
        self.session_key: str = session_key
        self.session = events.session_digest(session_key)
        # conversation id -> the status last heard, to notice a chat moving away (a transfer).
        self.statuses: dict[int, str] = {}
        await self.join([events.agent_group(user.pk)])
        self.after(settings.LIVECHAT_SESSION_CHECK_SECONDS, self.check_session)
        for offer in await read(state.offers_pending, agent=user):
            await self.send_json(events.offer_frame(offer))

    async def check_session(self) -> None:
        try:
            valid = await read(agent_session_valid, self.session_key, self.user.pk)
        except DatabaseError:
            # The database is away: the session is looked up again at the next check.
            log.warning("could not check the session of a chat console", exc_info=True)
            valid = True
        if valid:
            self.after(settings.LIVECHAT_SESSION_CHECK_SECONDS, self.check_session)
        else:
            await self.session_ended()

    async def session_ended(self) -> None:
        await self.end("unauthenticated", _("You were signed out. Sign in again."), CLOSE_UNAUTHENTICATED)

    async def agent_session_ended(self, event: events.SessionEnded) -> None:
        if event["session"] is None or event["session"] == self.session:
            await self.session_ended()

    def frame_handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        return {
            "subscribe": self.subscribe,
            "unsubscribe": self.unsubscribe,
            "accept": self.accept_chat,
            "message.send": self.message_send,
            "note.send": self.note_send,
            "typing": self.typing,
            "read": self.read,
            "transfer": self.transfer,
            "end": self.end_chat,
            "decline": self.decline_chat,
        }

    def lane(self, content: dict[str, Any]) -> object:
        return _conversation_of(content)

    async def watch(self, conversation: int, last_seq: int) -> None:
        welcome = await read(_agent_welcome, self.user, conversation)
        await self.join([events.chat_group(conversation), events.chat_agents_group(conversation)])
        self.statuses[conversation] = welcome["status"]
        await self.resume(welcome, last_seq)

    async def unwatch(self, conversation: int) -> None:
        await self.leave([events.chat_group(conversation), events.chat_agents_group(conversation)])
        self.sent.pop(conversation, None)
        self.statuses.pop(conversation, None)

    async def subscribe(self, content: dict[str, Any]) -> None:
        await self.watch(_int(content.get("conversation"), minimum=1), _int(content.get("last_seq", 0)))

    async def unsubscribe(self, content: dict[str, Any]) -> None:
        await self.unwatch(_int(content.get("conversation"), minimum=1))

    async def accept_chat(self, content: dict[str, Any]) -> None:
        conversation = _int(content.get("conversation"), minimum=1)
        last_seq = _int(content.get("last_seq", 0))
        await db(_agent_accept, self.user, conversation)
        if conversation not in self.sent:
            await self.watch(conversation, last_seq)

    async def message_send(self, content: dict[str, Any], *, internal: bool = False) -> None:
        posted = await db(
            _agent_post,
            self.user,
            _int(content.get("conversation"), minimum=1),
            body=_text(content.get("body")),
            client_id=_text(content.get("client_id")),
            internal=internal,
        )
        await self.acknowledge(posted)

    async def note_send(self, content: dict[str, Any]) -> None:
        await self.message_send(content, internal=True)

    async def typing(self, content: dict[str, Any]) -> None:
        conversation = _int(content.get("conversation"), minimum=1)
        if conversation not in self.sent:
            raise DomainError(_("Subscribe to the chat first."), code="forbidden")
        await events.apublish(
            events.chat_group(conversation),
            {
                "type": "chat.typing_changed",
                "conversation": conversation,
                "who": "agent",
                "name": self.user.first_name or self.user.get_username(),
                "active": _flag(content.get("active")),
                "sender": self.channel_name,
            },
        )

    async def read(self, content: dict[str, Any]) -> None:
        await db(
            _agent_read,
            self.user,
            _int(content.get("conversation"), minimum=1),
            _int(content.get("seq"), minimum=1),
        )

    async def transfer(self, content: dict[str, Any]) -> None:
        note = content.get("note", "")
        await db(
            _agent_transfer,
            self.user,
            _int(content.get("conversation"), minimum=1),
            team=_int(content.get("team"), minimum=1),
            note=_text(note if note is not None else ""),
        )

    async def end_chat(self, content: dict[str, Any]) -> None:
        await db(_agent_end, self.user, _int(content.get("conversation"), minimum=1))

    async def decline_chat(self, content: dict[str, Any]) -> None:
        await db(_agent_decline, self.user, _int(content.get("conversation"), minimum=1))

    async def chat_offered(self, event: events.Offered) -> None:
        await self.send_json(events.offer_frame(event))

    async def sla_notice(self, event: dict[str, Any]) -> None:
        """SLA warnings and breaches share the agent's group; the console shows them as notices."""
        await self.send_json({"type": "notice", "notice": event["notice"]})

    async def chat_status_changed(self, event: events.StatusChanged) -> None:
        conversation = event["conversation"]
        before = self.statuses.get(conversation)
        if before is not None:
            self.statuses[conversation] = event["status"]
            # A chat sent back to the queue may have left this agent's reach (a partner team's agent
            # after a transfer): stop watching it if so.
            moved_back = event["status"] == "waiting" and before not in ("waiting", "offered")
            if moved_back and not await read(_agent_may_see, self.user, conversation):
                await self.unwatch(conversation)
        await super().chat_status_changed(event)


# --- Database work, one call each (run on the pool) -----------------------------------------------


def _agent_welcome(user: Any, conversation_id: int) -> dict[str, Any]:
    return state.conversation_welcome(conversation_for_agent(user, conversation_id), for_customer=False)


def _agent_may_see(user: Any, conversation_id: int) -> bool:
    try:
        check_agent_access(user, conversation_id)
    except Http404:
        return False
    return True


def _agent_accept(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_accept(conversation_id=conversation_id, agent=user)


def _agent_post(
    user: Any, conversation_id: int, *, body: str, client_id: str, internal: bool
) -> services.Posted:
    # The access check of each frame is asked in the message's own locking statement.
    return services.chat_message_post(
        conversation_id=conversation_id,
        body=body,
        client_id=client_id,
        agent=user,
        internal=internal,
        check_access=True,
    )


def _agent_read(user: Any, conversation_id: int, seq: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_read_mark(conversation_id=conversation_id, by="agent", seq=seq)


def _agent_transfer(user: Any, conversation_id: int, *, team: int, note: str) -> None:
    check_agent_access(user, conversation_id)
    services.chat_transfer(conversation_id=conversation_id, actor=user, team_id=team, note=note)


def _agent_end(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_end(conversation_id=conversation_id, actor=user)


def _agent_decline(user: Any, conversation_id: int) -> None:
    check_agent_access(user, conversation_id)
    services.chat_decline(conversation_id=conversation_id, agent=user)
