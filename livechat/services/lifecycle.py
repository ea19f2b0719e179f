"""A chat from start to end: the visitor opens it, an agent accepts it, it may move to another team,
and it ends."""

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from assistant.steps import assistant_enabled
from casework.services import ticket_set_status, ticket_transfer
from customers.models import Customer
from customers.services import customer_upsert
from helpdesk.errors import DomainError
from intake.pipeline import ticket_open
from livechat import events
from livechat.access import check_chat_holder
from livechat.identity import ANONYMOUS_PREFIX, check_claims, identity_verify, language_code
from livechat.models import QUEUED, Conversation, ConversationStatus
from livechat.queue import waiting_ahead
from livechat.services.common import _clear_offer, _lock, _publish_queue_moved, _publish_status
from livechat.services.messages import chat_message_post
from livechat.services.offers import _fill_after_commit, _offer_next, _overflow_if_unstaffed
from livechat.state import status_event
from routing.models import Team
from routing.services import assignment_accept
from tickets.models import Category, Channel, Status

# --- Starting -------------------------------------------------------------------------------------


def chat_visitor_upsert(
    *, identity: str | None, name: str = "", email: str = "", language: str = ""
) -> tuple[Customer, bool]:
    """The customer behind a widget: (customer, verified).

    A signed identity updates the exchange user's record with the claims the protocol lists. Without
    one the visitor gets a record of their own with their unverified name and email.
    """
    if identity:
        signed = identity_verify(identity)
        customer, _created = customer_upsert(external_id=signed.sub, **signed.claims)
        return customer, True
    claims = {k: v for k, v in {"name": name, "email": email, "language": language}.items() if v}
    customer, _created = customer_upsert(
        external_id=f"{ANONYMOUS_PREFIX}{uuid.uuid4().hex}", actor=None, **check_claims(claims)
    )
    return customer, False


def chat_start(
    *,
    topic: str,
    language: str = "",
    identity: str | None = None,
    name: str = "",
    email: str = "",
    message: str = "",
    article_url: str = "",
    article_title: str = "",
) -> Conversation:
    """Open a chat: find or make the visitor's customer record, open a `chat` ticket routed to a
    team, and offer it to one of the team's agents.

    `article_url` and `article_title` name the help-center article the visitor read before asking:
    the first message carries them and the ticket is tagged `kb-<slug>`.

    A chat whose team has nobody online goes to an overflow team where someone is (so what the
    visitor is told is what happens). It is offered at once unless a chat of its team waits unoffered
    ahead of it (then nobody has room); it is offered in turn when an agent frees up.
    """
    topic = (topic or "").strip()
    if not topic:
        raise DomainError(_("Choose what you need help with."))
    topic = topic[:100]
    category = topic if topic in Category.values else Category.OTHER
    label = str(Category(topic).label) if topic in Category.values else topic
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Live chat: %(topic)s") % {"topic": label}
    body, tags = _with_article(message.strip() or label, article_url, article_title)
    with transaction.atomic():
        customer, verified = chat_visitor_upsert(identity=identity, name=name, email=email, language=language)
        language = language_code(language or customer.language)
        ticket = ticket_open(
            customer=customer,
            subject=subject[:250],
            body=body,
            channel=Channel.CHAT,
            tags=tags,
            category=category,
            language=language,
            seq=1,
            push=False,
        )
        # With tier 0 on, the assistant reads the first message in the worker and routes the case; the
        # chat is offered to agents only when tier 0 hands it over (chat_assistant_release).
        held = assistant_enabled()
        conversation = Conversation.objects.create(
            ticket=ticket,
            is_verified=verified,
            topic=topic,
            language=language,
            created_at=ticket.created_at,
            last_seq=1,
            with_assistant=held,
        )
        conversation.ticket = ticket
        if not held:
            _overflow_if_unstaffed(conversation, now)
            if not waiting_ahead(conversation):
                _offer_next(conversation, now=now)
    return conversation


def chat_assistant_release(*, conversation_id: int, now: dt.datetime | None = None) -> Conversation | None:
    """Tier 0 hands the chat to the agents: it joins its team's queue, with everything the visitor
    said already on the ticket, and is offered as a new chat would be (overflow included). None when
    tier 0 did not hold it (an agent took it, it ended, or it was released already)."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if not conversation.with_assistant:
            return None
        conversation.with_assistant = False
        conversation.save(update_fields=["with_assistant"])
        if conversation.status != ConversationStatus.WAITING:
            return conversation
        _overflow_if_unstaffed(conversation, now)
        if waiting_ahead(conversation) or _offer_next(conversation, now=now) is None:
            # Still waiting: the widget hears its place in the queue and the expected wait.
            _publish_status(conversation, now)
    return conversation


_ARTICLE_SLUG = re.compile(r"/help/[a-z-]+/articles/([a-z0-9]+(?:-[a-z0-9]+)*)/?$")


def _with_article(body: str, url: str, title: str) -> tuple[str, list[str]]:
    """The first message with the help-center article the visitor read, and its `kb-<slug>` tag."""
    url, title = url.strip()[:500], " ".join(title.split())[:250]
    match = _ARTICLE_SLUG.search(urlsplit(url).path) if url.startswith(("http://", "https://", "/")) else None
    if match is None:
        return body, []
    with translation.override(settings.LANGUAGE_CODE):
        line = _("Read before the chat: %(title)s") % {"title": title or match.group(1)}
    return f"{body}\n\n{line}\n{url}", [f"kb-{match.group(1)}"]


# --- Accepting ------------------------------------------------------------------------------------


def chat_accept(*, conversation_id: int, agent: User, now: dt.datetime | None = None) -> Conversation:
    """`agent` takes a waiting or offered chat. Of two agents accepting at once exactly one wins: the
    conversation row is locked, and the ticket is assigned through routing under its own lock."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        ticket = conversation.ticket
        if conversation.status == ConversationStatus.ACTIVE and ticket.assignee_id == agent.pk:
            return conversation
        if conversation.status == ConversationStatus.ACTIVE:
            raise DomainError(_("Another agent has already taken this chat."), code="taken")
        if conversation.status == ConversationStatus.ENDED:
            raise DomainError(_("This chat has ended."), code="closed")
        previous = conversation.offered_to_id
        conversation.ticket = assignment_accept(ticket=ticket, agent=agent, now=now)
        conversation.status = ConversationStatus.ACTIVE
        conversation.accepted_at = conversation.accepted_at or now
        # An agent may take a chat tier 0 still holds: from now on tier 0 stays silent in it.
        conversation.with_assistant = False
        conversation.save(
            update_fields=["status", "accepted_at", "with_assistant", *_clear_offer(conversation)]
        )
        _publish_status(conversation, now, agents=[previous if previous != agent.pk else None])
        _publish_queue_moved(conversation.ticket.team_id, now)
        if previous and previous != agent.pk:
            # Taken from the queue by someone else: the agent it was offered to has room again.
            _fill_after_commit()
    return conversation


# --- Transfer and end -----------------------------------------------------------------------------


def chat_transfer(*, conversation_id: int, actor: User, team_id: int, note: str = "") -> Conversation:
    """Hand a chat to another team: it waits there and is offered to one of its agents."""
    now = timezone.now()
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise DomainError(_("No such team."), code="not_found")
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.status == ConversationStatus.ENDED:
            raise DomainError(_("This chat has ended."), code="closed")
        check_chat_holder(actor, conversation, action=_("transfer it"))
        from_team = conversation.ticket.team_id
        previous = [conversation.offered_to_id, conversation.ticket.assignee_id]
        if note.strip():
            chat_message_post(
                conversation_id=conversation.pk,
                body=note,
                client_id=f"transfer-{uuid.uuid4().hex}",
                agent=actor,
                internal=True,
            )
            conversation.refresh_from_db(fields=["last_seq"])
        conversation.ticket = ticket_transfer(ticket=conversation.ticket, actor=actor, team=team, push=False)
        conversation.status = ConversationStatus.WAITING
        # A person moved it: it is the agents' now, not tier 0's.
        conversation.with_assistant = False
        conversation.save(update_fields=["status", "with_assistant", *_clear_offer(conversation)])
        _overflow_if_unstaffed(conversation, now)
        if not waiting_ahead(conversation):
            _offer_next(conversation, now=now)
        if conversation.status == ConversationStatus.WAITING:
            _publish_status(conversation, now, agents=previous)
        else:
            # Offered at once: its watchers heard so from _offer_next; the agents who had it hear it here.
            event = status_event(conversation, now)
            for user_id in {p for p in previous if p and p != conversation.offered_to_id}:
                events.publish_on_commit(events.agent_group(user_id), event)
        _publish_queue_moved(from_team, now)
        # The agent who had it has room for the next chat.
        _fill_after_commit()
    return conversation


def chat_end(*, conversation_id: int, actor: User | None) -> Conversation:
    """End a chat; its ticket is solved (and reopens, as any ticket does, if the customer writes back
    by another channel)."""
    now = timezone.now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.status == ConversationStatus.ENDED:
            return conversation
        if actor is not None:
            check_chat_holder(actor, conversation, action=_("end it"))
        was_queued = conversation.status in QUEUED
        previous = conversation.offered_to_id
        conversation.status = ConversationStatus.ENDED
        conversation.ended_at = now
        conversation.offered_to = None
        conversation.offered_at = conversation.offer_expires_at = None
        conversation.save(
            update_fields=["status", "ended_at", "offered_to", "offered_at", "offer_expires_at"]
        )
        if conversation.ticket.status not in (Status.SOLVED, Status.CLOSED):
            conversation.ticket = ticket_set_status(
                ticket=conversation.ticket, actor=actor, status=Status.SOLVED
            )
        _publish_status(conversation, now, agents=[previous])
        if was_queued:
            _publish_queue_moved(conversation.ticket.team_id, now)
        if conversation.ticket.assignee_id or previous:
            # The agent who had it (or had it offered) has room for the next chat.
            _fill_after_commit()
    return conversation
