"""Every write of live chat. The widget API, the consumers and the tasks all call these.

A chat is a ticket of channel `chat`: its messages go through the ticket services (so the timeline,
first-response time, audit and metrics are the same as for any channel) with a number taken from
the conversation row, which is locked for it. Realtime events are published after commit.
"""

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from customers.models import Customer
from customers.services import customer_upsert
from helpdesk.dates import format_stamp, zone_named
from helpdesk.errors import DomainError
from livechat import events
from livechat.access import check_chat_holder
from livechat.events import MessageData
from livechat.identity import ANONYMOUS_PREFIX, check_claims, identity_verify, language_code
from livechat.models import QUEUED, Conversation, ConversationStatus
from livechat.queue import (
    chat_agents_online,
    overflow_destination,
    queue_snapshot,
    queued_in_team,
    waiting_ahead,
)
from livechat.state import messages_after, offer_event, status_event
from routing.models import Team
from routing.services import (
    agent_hold_room,
    assignment_accept,
    assignment_choose,
    overflow_team,
    ticket_route,
    ticket_transfer,
)
from tickets.attachments import IncomingFile
from tickets.models import Category, Channel, EntryKind, Status, Ticket, TimelineEntry
from tickets.services import (
    ticket_create,
    ticket_customer_message,
    ticket_note,
    ticket_reply,
    ticket_set_status,
)

CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
MAX_COMMENT = 2000
# Waiting chats of a team told their new place when the queue moves; later ones hear at their turn.
QUEUE_UPDATES = 50


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
        ticket = ticket_create(
            customer=customer,
            subject=subject[:250],
            body=body,
            channel=Channel.CHAT,
            tags=tags,
            category=category,
            language=language,
            route=False,
            seq=1,
        )
        ticket_route(ticket=ticket, now=now, push=False)
        conversation = Conversation.objects.create(
            ticket=ticket,
            is_verified=verified,
            topic=topic,
            language=language,
            created_at=ticket.created_at,
            last_seq=1,
        )
        conversation.ticket = ticket
        _overflow_if_unstaffed(conversation, now)
        if not waiting_ahead(conversation):
            _offer_next(conversation, now=now)
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


# --- Offers ---------------------------------------------------------------------------------------


def _pending_offers() -> dict[int, int]:
    rows = (
        Conversation.objects.filter(status=ConversationStatus.OFFERED)
        .values_list("offered_to_id")
        .annotate(n=Count("id"))
    )
    return {user_id: n for user_id, n in rows if user_id}


class _NoRoom(Exception):
    pass


def _choose_holding(
    conversation: Conversation, *, exclude: Iterable[int], pending: dict[int, int], now: dt.datetime
) -> User | None:
    """The agent `assignment_choose` picks, confirmed under a lock on their status row.

    The choice reads offers without locks, so two workers could both see an agent's last free slot;
    the lock makes the second wait and recount (`agent_hold_room`). An agent found full is dropped
    from this choice by rolling back to a savepoint, which also releases their row: a transaction
    never holds two agents' rows, so two offers cannot deadlock on each other.
    """
    ticket = conversation.ticket
    skip = set(exclude)

    def promised(agent_id: int) -> int:
        return (
            Conversation.objects.filter(status=ConversationStatus.OFFERED, offered_to_id=agent_id)
            .exclude(pk=conversation.pk)
            .count()
        )

    while (agent := assignment_choose(ticket=ticket, exclude=skip, pending=pending, now=now)) is not None:
        try:
            with transaction.atomic():
                held = agent_hold_room(agent_id=agent.pk, ticket=ticket, promised=promised, now=now)
                if held is None:
                    raise _NoRoom
                return held
        except _NoRoom:
            skip.add(agent.pk)
    return None


def _offer_next(conversation: Conversation, *, now: dt.datetime, refused: bool = False) -> User | None:
    """Offer a chat (locked by the caller) to the next eligible agent, or leave it waiting.

    Each agent of the team gets one turn per round; when all had theirs, a new round starts with the
    agent whose offer just lapsed last in line. With `refused` (the agent declined or went away) that
    agent is not offered it again now: with nobody else it waits.
    """
    before = conversation.status
    previous = conversation.offered_to_id
    pending = _pending_offers()
    if previous:
        pending[previous] = max(0, pending.get(previous, 0) - 1)
    tried = set(conversation.offered_before)
    agent = _choose_holding(conversation, exclude=tried, pending=pending, now=now)
    if agent is None and tried:
        tried = set()
        agent = _choose_holding(
            conversation, exclude={previous} if previous else (), pending=pending, now=now
        )
        if agent is None and previous and not refused:
            agent = _choose_holding(conversation, exclude=(), pending=pending, now=now)
    if agent is None:
        if before == ConversationStatus.WAITING and not previous:
            return None
        conversation.status = ConversationStatus.WAITING
        conversation.offered_to = None
        conversation.offered_at = conversation.offer_expires_at = None
        conversation.offered_before = []
        conversation.save(
            update_fields=["status", "offered_to", "offered_at", "offer_expires_at", "offered_before"]
        )
        _publish_status(conversation, now, agents=[previous])
        return None
    conversation.status = ConversationStatus.OFFERED
    conversation.offered_to = agent
    conversation.offered_at = now
    conversation.offer_expires_at = now + dt.timedelta(seconds=settings.LIVECHAT_OFFER_SECONDS)
    conversation.offered_before = sorted(tried | {agent.pk})
    conversation.save(
        update_fields=["status", "offered_to", "offered_at", "offer_expires_at", "offered_before"]
    )
    events.publish_on_commit(events.agent_group(agent.pk), offer_event(conversation, now))
    if before != ConversationStatus.OFFERED:
        _publish_status(conversation, now)
    if previous and previous != agent.pk:
        events.publish_on_commit(events.agent_group(previous), status_event(conversation, now))
    _lapse_on_commit(conversation.pk)
    return agent


def _lapse_on_commit(conversation_id: int) -> None:
    """A worker moves the offer on when it lapses, whether or not beat runs the sweep."""
    from livechat.tasks import chat_offer_lapse_task

    transaction.on_commit(
        lambda: chat_offer_lapse_task.apply_async(
            (conversation_id,), countdown=settings.LIVECHAT_OFFER_SECONDS + 1
        ),
        robust=True,
    )


def _overflow_if_unstaffed(conversation: Conversation, now: dt.datetime) -> int | None:
    """Move a waiting chat (locked by the caller) that nobody online could be offered to, to the
    overflow team that will take it (queue.overflow_destination). Returns the team it left, if any.
    """
    ticket = conversation.ticket
    if chat_agents_online(ticket, now):
        return None
    other = overflow_destination(ticket, now)
    if other is None:
        return None
    left = ticket.team_id
    conversation.ticket = ticket_transfer(
        ticket=ticket, actor=None, team=other, event="overflowed", push=False
    )
    return left


def _overflow_if_overdue(conversation: Conversation, now: dt.datetime) -> int | None:
    """Follow-the-sun for a waiting chat (locked by the caller) that nobody in its team has room for
    past the team's wait target: it moves to an overflow team with an agent free for it, to be
    offered there (routing's overflow sweep leaves chats to this, since it would assign outright).
    Returns the team it left, if any."""
    ticket = conversation.ticket
    team = ticket.team
    if team is None or now - ticket.created_at < dt.timedelta(seconds=team.wait_target_seconds):
        return None
    other = overflow_team(ticket, now=now, exclude={team.pk}, needs_free_agent=True)
    if other is None:
        return None
    conversation.ticket = ticket_transfer(
        ticket=ticket, actor=None, team=other, event="overflowed", push=False
    )
    return team.pk


def _fill_after_commit() -> None:
    """Once this change is stored, offer the chats it may have made room for."""
    transaction.on_commit(lambda: chat_offers_fill(), robust=True)


def _settle_from_ticket(conversation: Conversation, now: dt.datetime) -> bool:
    """A queued chat whose ticket was taken or solved elsewhere (the workspace, "get next") follows
    its ticket. True if it did."""
    ticket = conversation.ticket
    previous = conversation.offered_to_id
    if ticket.assignee_id is not None:
        conversation.status = ConversationStatus.ACTIVE
        conversation.accepted_at = conversation.accepted_at or now
    elif ticket.status in (Status.SOLVED, Status.CLOSED):
        conversation.status = ConversationStatus.ENDED
        conversation.ended_at = now
    else:
        return False
    conversation.offered_to = None
    conversation.offered_at = conversation.offer_expires_at = None
    conversation.offered_before = []
    conversation.save(
        update_fields=[
            "status",
            "accepted_at",
            "ended_at",
            "offered_to",
            "offered_at",
            "offer_expires_at",
            "offered_before",
        ]
    )
    _publish_status(conversation, now, agents=[previous, ticket.assignee_id])
    return True


def chat_offer_lapse(*, conversation_id: int, now: dt.datetime | None = None) -> bool:
    """Move a lapsed offer on to the next agent (or back to waiting). True if it was due.

    Under SKIP LOCKED and re-checked under the lock: the sweep and the offer's own timer may both
    get here, and only one acts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _locked(conversation_id, skip_locked=True)
        if (
            conversation is None
            or conversation.status != ConversationStatus.OFFERED
            or conversation.offer_expires_at is None
            or conversation.offer_expires_at > now
        ):
            return False
        if not _settle_from_ticket(conversation, now):
            _offer_next(conversation, now=now)
    return True


def chat_decline(*, conversation_id: int, agent: User, now: dt.datetime | None = None) -> Conversation:
    """`agent` turns down the chat offered to them: it goes at once to the next agent, as a lapsed
    offer does, or waits if there is nobody else (and comes back to them in a later round)."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.status != ConversationStatus.OFFERED or conversation.offered_to_id != agent.pk:
            raise DomainError(_("This chat is no longer offered to you."), code="taken")
        if not _settle_from_ticket(conversation, now):
            _offer_next(conversation, now=now, refused=True)
    return conversation


def chat_offers_withdraw(*, agent_id: int, now: dt.datetime | None = None) -> int:
    """An agent who went away or offline keeps no offers: each moves on at once, as if declined."""
    now = now or timezone.now()
    moved = 0
    pks = Conversation.objects.filter(status=ConversationStatus.OFFERED, offered_to_id=agent_id).values_list(
        "pk", flat=True
    )
    for pk in list(pks):
        with transaction.atomic():
            conversation = _locked(pk, skip_locked=True)
            if (
                conversation is None
                or conversation.status != ConversationStatus.OFFERED
                or conversation.offered_to_id != agent_id
            ):
                continue
            if not _settle_from_ticket(conversation, now):
                _offer_next(conversation, now=now, refused=True)
            moved += 1
    return moved


def _fill_one(pk: int, now: dt.datetime, *, regular_full: bool) -> str:
    """Offer one waiting chat if it can be; "acted", "no_room" or "skipped"."""
    with transaction.atomic():
        conversation = _locked(pk, skip_locked=True)
        if conversation is None or conversation.status != ConversationStatus.WAITING:
            return "skipped"
        if _settle_from_ticket(conversation, now):
            return "acted"
        if regular_full and conversation.ticket.vip_rank == 0:
            return "skipped"
        left = _overflow_if_unstaffed(conversation, now)
        offered = _offer_next(conversation, now=now)
        if offered is None and left is None and (left := _overflow_if_overdue(conversation, now)) is not None:
            offered = _offer_next(conversation, now=now)
        if left is not None:
            if offered is None:
                _publish_status(conversation, now)
            _publish_queue_moved(left, now)
            return "acted"
        return "no_room" if offered is None else "acted"


def chat_offers_fill(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Offer every waiting chat that some agent has room for, each team's queue in order.

    Called once a change that may free room is stored (a chat ended or moved, an offer lapsed, an
    agent came online, capacity grew) and by the sweep. Each chat is handled in its own transaction
    under SKIP LOCKED, and each agent's room is checked under a lock on their status row, so fills
    running at once never offer one chat twice nor an agent more than their capacity. Returns how
    many chats changed hands.
    """
    now = now or timezone.now()
    acted = 0
    teams = (
        Conversation.objects.filter(status=ConversationStatus.WAITING)
        .values_list("ticket__team_id", flat=True)
        .order_by()  # without it the model's ordering (-id) joins the DISTINCT: one row per chat
        .distinct()
    )
    for team_id in list(teams):
        waiting = queued_in_team(team_id).filter(status=ConversationStatus.WAITING)
        # After a regular chat finds nobody with room, the ones behind it would not either; a VIP
        # chat still may (reserved capacity, account managers).
        regular_full = False
        rows = waiting.values_list("pk", "ticket__vip_rank", "ticket__assignee_id", "ticket__status")
        for pk, vip_rank, assignee_id, status in list(rows[:limit]):
            # Not even locked: a regular chat behind a full queue, unless its ticket moved on
            # elsewhere and the chat must follow it.
            settled = assignee_id is not None or status in (Status.SOLVED, Status.CLOSED)
            if regular_full and vip_rank == 0 and not settled:
                continue
            outcome = _fill_one(pk, now, regular_full=regular_full)
            if outcome == "acted":
                acted += 1
            elif outcome == "no_room":
                regular_full = True
    return acted


def chat_queues_refresh(*, now: dt.datetime | None = None) -> None:
    """Tell every waiting visitor their place and expected wait again: agents came or went, so the
    estimate changed, or became none at all (nobody online: the widget offers to leave a message)."""
    now = now or timezone.now()
    teams = (
        Conversation.objects.filter(status=ConversationStatus.WAITING)
        .values_list("ticket__team_id", flat=True)
        .order_by()  # without it the model's ordering (-id) joins the DISTINCT: one row per chat
        .distinct()
    )
    with transaction.atomic():
        for team_id in list(teams):
            _publish_queue_moved(team_id, now)


def chat_offers_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """The safety net beat runs: re-offer chats whose offer lapsed, then offer waiting chats to
    agents who have room (see chat_offers_fill; offers normally happen at once without it).

    Reads only due offers and queued chats (partial indexes). Returns how many chats changed hands.
    """
    now = now or timezone.now()
    due = list(
        Conversation.objects.filter(status=ConversationStatus.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    acted = sum(chat_offer_lapse(conversation_id=pk, now=now) for pk in due)
    return acted + chat_offers_fill(now=now, limit=limit)


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
        conversation.offered_to = None
        conversation.offered_at = conversation.offer_expires_at = None
        conversation.offered_before = []
        conversation.save(
            update_fields=[
                "status",
                "accepted_at",
                "offered_to",
                "offered_at",
                "offer_expires_at",
                "offered_before",
            ]
        )
        _publish_status(conversation, now, agents=[previous if previous != agent.pk else None])
        _publish_queue_moved(conversation.ticket.team_id, now)
        if previous and previous != agent.pk:
            # Taken from the queue by someone else: the agent it was offered to has room again.
            _fill_after_commit()
    return conversation


# --- Messages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    message: MessageData
    created: bool


def _check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise DomainError(
            _("Each message needs a client_id of 1 to 64 letters, digits or ._:-"), code="bad_frame"
        )
    return client_id


def _entry_with_relations(ticket_id: int, **lookup: object) -> TimelineEntry | None:
    return (
        TimelineEntry.objects.filter(ticket_id=ticket_id, **lookup)
        .select_related("author", "customer")
        .prefetch_related("attachments")
        .first()
    )


def _same_sender(entry: TimelineEntry, agent: User | None, internal: bool) -> bool:
    if agent is None:
        return entry.kind == EntryKind.CUSTOMER_MESSAGE
    kind = EntryKind.INTERNAL_NOTE if internal else EntryKind.AGENT_REPLY
    return entry.kind == kind and entry.author_id == agent.pk


def chat_message_post(
    *,
    conversation_id: int,
    body: str,
    client_id: str,
    agent: User | None = None,
    internal: bool = False,
    attachments: Sequence[IncomingFile] = (),
) -> Posted:
    """Store the next message of a chat and publish it after commit.

    `agent=None` is the visitor; `internal=True` an agent's note, which only agents hear. A
    `client_id` already stored is answered with the stored message: a resend never makes a second one.
    """
    client_id = _check_client_id(client_id)
    if agent is None and internal:
        raise DomainError(_("Only agents write internal notes."), code="forbidden")
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("ticket")
            .filter(pk=conversation_id)
        ).first()
        if conversation is None:
            raise DomainError(_("No such chat."), code="not_found")
        ticket = conversation.ticket
        stored = TimelineEntry.objects.filter(ticket_id=ticket.pk, client_id=client_id).values_list(
            "pk", flat=True
        )
        existing = _entry_with_relations(ticket.pk, pk=stored[0]) if stored else None
        if existing is not None:
            if not _same_sender(existing, agent, internal) or existing.seq is None:
                raise DomainError(_("This client_id belongs to another message."), code="bad_frame")
            return Posted(message=events.message_data(existing, conversation.pk), created=False)
        if conversation.status == ConversationStatus.ENDED:
            raise DomainError(_("This chat has ended."), code="closed")
        if agent is not None and not internal and conversation.status != ConversationStatus.ACTIVE:
            raise DomainError(_("Accept the chat before you reply."), code="forbidden")
        if agent is not None and not internal:
            check_chat_holder(agent, conversation, action=_("reply"))
        seq = conversation.last_seq + 1
        if agent is None:
            entry = ticket_customer_message(
                ticket=ticket, body=body, attachments=attachments, seq=seq, client_id=client_id
            )
        elif internal:
            entry = ticket_note(
                ticket=ticket, author=agent, body=body, attachments=attachments, seq=seq, client_id=client_id
            )
        else:
            entry = ticket_reply(
                ticket=ticket, author=agent, body=body, attachments=attachments, seq=seq, client_id=client_id
            )
        conversation.last_seq = seq
        conversation.save(update_fields=["last_seq"])
        # The entry in hand has its author or customer; only files need reading back.
        message = events.message_data(entry, conversation.pk, attachments=None if attachments else [])
        group = events.chat_agents_group if internal else events.chat_group
        events.publish_on_commit(group(conversation.pk), {"type": "chat.message_posted", "message": message})
    return Posted(message=message, created=True)


def chat_read_mark(*, conversation_id: int, by: events.Who, seq: int) -> bool:
    """Move a read receipt forward; True if it moved. A `seq` at or below the receipt already stored
    changes nothing; one past the chat's last message is refused (bad_frame)."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise DomainError(_("seq must be a positive whole number."), code="bad_frame")
    field = "customer_read_seq" if by == "customer" else "agent_read_seq"
    with transaction.atomic():
        moved = Conversation.objects.filter(
            pk=conversation_id, last_seq__gte=seq, **{f"{field}__lt": seq}
        ).update(**{field: seq})
        if moved:
            events.publish_on_commit(
                events.chat_group(conversation_id),
                {"type": "chat.read_marked", "conversation": conversation_id, "seq": seq, "by": by},
            )
            return True
    last_seq = Conversation.objects.filter(pk=conversation_id).values_list("last_seq", flat=True).first()
    if last_seq is None:
        raise DomainError(_("No such chat."), code="not_found")
    if seq > last_seq:
        # A client can only have seen numbers up to the last one: a larger one is its own bug.
        raise DomainError(
            _("seq %(seq)d is past the chat's last message (%(last)d).") % {"seq": seq, "last": last_seq},
            code="bad_frame",
        )
    return False


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
        conversation.offered_to = None
        conversation.offered_at = conversation.offer_expires_at = None
        conversation.offered_before = []
        conversation.save(
            update_fields=["status", "offered_to", "offered_at", "offer_expires_at", "offered_before"]
        )
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


# --- After the chat: rating, transcript, a message left instead -----------------------------------


def chat_rate(*, conversation_id: int, rating: object, comment: str = "") -> Conversation:
    """The visitor's satisfaction rating, 1 to 5, with an optional comment; a new rating replaces it."""
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("The comment is longer than %(max)d characters.") % {"max": MAX_COMMENT})
    with transaction.atomic():
        conversation = _lock(conversation_id)
        before = {"rating": conversation.rating}
        conversation.rating = rating
        conversation.rating_comment = comment
        conversation.rated_at = timezone.now()
        conversation.save(update_fields=["rating", "rating_comment", "rated_at"])
        audit_record(
            action="chat.rated",
            obj=conversation,
            actor_label=f"customer:{conversation.ticket.customer.external_id}",
            before=before,
            after={"rating": rating},
        )
    return conversation


def chat_leave_message(*, conversation_id: int, email: str, body: str) -> Ticket:
    """The visitor writes instead of waiting: an email ticket, and the chat ends.

    A verified customer keeps the address the exchange gave; an anonymous visitor's record takes the
    one they type, since that is where the answer goes.
    """
    email = check_claims({"email": email or ""})["email"]
    text = (body or "").replace("\x00", "").strip()
    if not text:
        raise DomainError(_("Write your message."))
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.left_message_id is not None:
            raise DomainError(_("You have already left a message for this chat."), code="closed")
        customer = conversation.ticket.customer
        if not conversation.is_verified and customer.email != email:
            customer, _created = customer_upsert(external_id=customer.external_id, email=email)
        # Not in the body: the address the visitor asked for is contact data, shown through the
        # viewer's ContactMask on the timeline like any email address.
        asked: dict[str, object] | None = None
        if customer.email and customer.email.lower() != email.lower():
            asked = {"email": {"reply_to": email}}
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Message left in live chat: %(topic)s") % {"topic": conversation.ticket.subject}
        ticket = ticket_create(
            customer=customer,
            subject=subject[:250],
            body=text,
            channel=Channel.EMAIL,
            category=conversation.ticket.category,
            language=conversation.language,
            entry_data=asked,
        )
        conversation.left_message = ticket
        conversation.save(update_fields=["left_message"])
        chat_end(conversation_id=conversation.pk, actor=None)
    return ticket


def chat_transcript_request(*, conversation_id: int, email: str = "") -> str:
    """Queue the transcript for the visitor's address (a verified customer's, or the one typed by an
    anonymous visitor); returns the address it goes to. The mail is sent by a worker after commit."""
    from livechat.tasks import chat_transcript_send_task

    with transaction.atomic():
        conversation = _lock(conversation_id)
        customer = conversation.ticket.customer
        if conversation.is_verified or not email:
            address = customer.email
        else:
            address = check_claims({"email": email})["email"]
        if not address:
            raise DomainError(_("Enter the email address the transcript should go to."))
        audit_record(
            action="chat.transcript_requested",
            obj=conversation,
            actor_label=f"customer:{customer.external_id}",
            after={"email": "(given)" if address != customer.email else "(customer)"},
        )
        # robust: with the broker down the request is still answered; the audit shows it was asked.
        transaction.on_commit(lambda: chat_transcript_send_task.delay(conversation.pk, address), robust=True)
    return address


def chat_transcript_send(*, conversation_id: int, email: str) -> None:
    """Mail the public messages of a chat as plain text (nothing a visitor typed is ever HTML)."""
    conversation = Conversation.objects.select_related("ticket__customer").get(pk=conversation_id)
    rows = messages_after(conversation_id, 0, for_customer=True, limit=10_000)
    # The reader's own clock, named, like every time the helpdesk shows (helpdesk/dates.py).
    customer_zone = zone_named(conversation.ticket.customer.time_zone)
    zone: dt.tzinfo = customer_zone or dt.UTC
    zone_name = conversation.ticket.customer.time_zone if customer_zone else "UTC"
    with translation.override(conversation.language):
        lines = [
            _("Transcript of your chat %(reference)s") % {"reference": conversation.ticket.reference},
            "",
        ]
        for message in rows:
            who = message["author"] or (_("You") if message["kind"] == "customer" else _("Support"))
            when = format_stamp(dt.datetime.fromisoformat(message["created_at"]), zone)
            lines.append(f"[{when} {zone_name}] {who}:")
            lines.append(message["body"])
            lines.extend(f"  ({a['filename']})" for a in message["attachments"])
            lines.append("")
        subject = _("Your chat transcript %(reference)s") % {"reference": conversation.ticket.reference}
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [email])
