"""The only answers to "may this visitor or agent see or change this chat"."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from livechat.events import PUBLIC_KINDS
from livechat.identity import attachment_from_token, conversation_id_from_token
from livechat.models import Conversation
from tickets.access import ticket_for_agent
from tickets.models import Attachment


def conversation_for_agent(user: Any, conversation_id: int) -> Conversation:
    """The chat if `user` may work on its ticket, as `tickets.access.ticket_for_agent` decides; 404
    otherwise, so ids of hidden chats leak nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404("No such chat")
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404("No such chat")
    conversation.ticket = ticket_for_agent(user, conversation.ticket_id)
    return conversation


def check_agent_access(user: Any, conversation_id: int) -> None:
    """`conversation_for_agent` for a caller that needs only the answer (each frame an agent sends)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404("No such chat")
    ticket_id = Conversation.objects.filter(pk=conversation_id).values_list("ticket_id", flat=True).first()
    if ticket_id is None:
        raise Http404("No such chat")
    ticket_for_agent(user, ticket_id)


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
