"""The only answers to "may this visitor or agent see or change this chat"."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.db.models import Exists, Q, Subquery
from django.http import Http404
from django.utils.crypto import constant_time_compare
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.access import staff_session_ok
from accounts.models import Role, User
from helpdesk.errors import DomainError
from helpdesk.prepared import execute_prepared
from livechat.events import PUBLIC_KINDS
from livechat.identity import attachment_from_token, conversation_id_from_token
from livechat.models import Conversation, ConversationStatus
from routing.models import Team
from tickets.access import ticket_for_agent
from tickets.models import Attachment


def conversation_for_agent(user: Any, conversation_id: int) -> Conversation:
    """The chat if `user` may work on its ticket, as `tickets.access.ticket_for_agent` decides; 404
    otherwise, so ids of hidden chats leak nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404(_("No such chat"))
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404(_("No such chat"))
    conversation.ticket = ticket_for_agent(user, conversation.ticket_id)
    return conversation


# `check_agent_access` as `Ticket.objects.visible_to` decides it, over the chat's ticket `t`: an agent of
# no partner team sees every chat; a partner team's agent those of their teams' tickets and their own.
AGENT_MAY_SEE_TICKET_SQL = """(
        NOT EXISTS (SELECT 1 FROM routing_teammembership m JOIN routing_team tm ON tm.id = m.team_id
                    WHERE m.user_id = %(user)s AND tm.is_outsourced)
        OR t.team_id IN (SELECT m.team_id FROM routing_teammembership m WHERE m.user_id = %(user)s)
        OR t.assignee_id = %(user)s
    )"""
_AGENT_MAY_SEE_SQL = f"""
SELECT EXISTS (
    SELECT 1 FROM livechat_conversation c JOIN tickets_ticket t ON t.id = c.ticket_id
    WHERE c.id = %(conversation)s AND {AGENT_MAY_SEE_TICKET_SQL}
)
"""  # noqa: S608
_CHAT_EXISTS_SQL = "SELECT EXISTS (SELECT 1 FROM livechat_conversation WHERE id = %(conversation)s)"


def check_agent_access(user: Any, conversation_id: int) -> None:
    """`conversation_for_agent` for a caller that needs only the answer (each frame an agent sends),
    in one statement: whether the agent is a partner team's (their teams change while a socket is
    open) and whether the chat's ticket is in their reach are asked together, as
    `Ticket.objects.visible_to` decides them."""
    agent = agent_access_precheck(user)
    if connection.vendor == "postgresql":
        # Asked for every frame an agent sends: written once per process.
        row, _names = execute_prepared(
            _AGENT_MAY_SEE_SQL if agent else _CHAT_EXISTS_SQL,
            {"conversation": conversation_id, **({"user": user.pk} if agent else {})},
        )
        if not (row and row[0]):
            raise Http404(_("No such chat"))
        return
    chats = Conversation.objects.filter(pk=conversation_id)
    if agent:
        # A partner team's agent (accounts.access.is_partner_agent) sees their teams' tickets and their own.
        partner = Team.objects.filter(memberships__user=user, is_outsourced=True)
        mine = Team.objects.filter(memberships__user=user).values("pk")
        chats = chats.filter(~Exists(partner) | Q(ticket__team__in=Subquery(mine)) | Q(ticket__assignee=user))
    if not chats.exists():
        raise Http404(_("No such chat"))


def agent_access_precheck(user: Any) -> bool:
    """What `check_agent_access` decides without the database: Http404 for a user signed out, inactive
    or an auditor. True when the chat's ticket must still be in the agent's reach
    (`AGENT_MAY_SEE_TICKET_SQL`, with `user` as the parameter `%(user)s`); False for a supervisor or an
    admin, who see every chat that exists."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404(_("No such chat"))
    if user.role == Role.AUDITOR:
        raise Http404(_("No such chat"))
    return bool(user.role == Role.AGENT)


def check_chat_holder(user: User, conversation: Conversation, *, action: str | Promise) -> None:
    """Once a chat is accepted, only the agent who holds it, and supervisors and admins, reply in it,
    end it or transfer it; any agent who may see it still reads it and writes internal notes. Call
    with the conversation row locked, so the answer cannot change before the write."""
    if conversation.status != ConversationStatus.ACTIVE or user.is_supervisor:
        return
    holder_id = conversation.ticket.assignee_id
    if holder_id is None or holder_id == user.pk:
        return
    # Only a refusal names the holder: the row is read then, never on the way to a reply.
    holder = conversation.ticket.assignee
    assert holder is not None
    raise DomainError(
        _("%(agent)s has this chat: only they or a supervisor may %(action)s. Add a note instead.")
        % {"agent": holder.first_name or holder.get_username(), "action": action},
        code="forbidden",
    )


def agent_session_valid(session_key: str, user_id: int) -> bool:
    """Whether the session an agent's socket was opened with still signs that agent in: not ended,
    not expired or idle, the agent active, the password unchanged since (Django's session hash), and
    the second factor given where the agent must give one."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if str(session.get(SESSION_KEY)) != str(user_id):
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    stored_hash = session.get(HASH_SESSION_KEY)
    return (
        user is not None
        and isinstance(stored_hash, str)
        and constant_time_compare(stored_hash, user.get_session_auth_hash())
        # And not idle or past its maximum length, with the second factor given where one is owed.
        and staff_session_ok(user, session)
    )


def conversation_for_visitor(token: Any) -> Conversation:
    """The one chat a conversation token names. Raises DomainError(code="forbidden") for a forged,
    tampered or stale token, and for a chat that no longer exists."""
    conversation_id = conversation_id_from_token(token)
    try:
        return Conversation.objects.select_related("ticket__customer", "ticket__assignee").get(
            pk=conversation_id
        )
    except Conversation.DoesNotExist:
        raise DomainError(_("This chat link is not valid any more."), code="forbidden") from None


def attachment_for_visitor(token: str) -> Attachment:
    """A file of a visitor's chat, by the signed link the `message` frame gave them; never one on an
    internal note, and never one of another chat."""
    attachment_id, conversation_id = attachment_from_token(token)
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            entry__ticket__conversation__pk=conversation_id,
            entry__kind__in=PUBLIC_KINDS,
        )
        .select_related("entry")
        .first()
    )
    if attachment is None:
        raise DomainError(_("This link is not valid any more."), code="not_found")
    return attachment
