"""One small helpdesk holding something of every kind an access rule names, and a user of every role.

The partner agent belongs to an outsourced team: `partner_ticket` (and the rows made on it: its
attachment, its assessment, its chat, its incident link) are that team's, `inhouse` and its rows are
not. The team's clean room forbids downloads and allows one network, the tests' own address.

Every key the tables name (`Rule.kwargs`, `Ref`, `FrameRule.conversation`) is a key of `World.ids`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import User
from assistant.models import Assessment
from helpdesk.access_matrix import ROLES
from tests.assistant.tier0_rows import assessment_row
from tests.configuration.world import configuration_world
from tests.csat.world import csat_world
from tests.customfields.world import customfields_world
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tests.incidents.conftest import declare_tron
from tests.macros.world import macros_world
from tests.queueviews.world import queueviews_world
from tests.voice.world import voice_world
from tickets.attachments import IncomingFile
from tickets.models import Ticket


@dataclass
class World:
    users: dict[str, User]
    ids: dict[str, Any]
    sessions: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    media_root: Any = None

    def value(self, key: str) -> Any:
        try:
            return self.ids[key]
        except KeyError:
            raise KeyError(f"the access world has no {key!r}: add it to tests/ops/access_world.py") from None


def _signed_in(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _users() -> dict[str, User]:
    general = make_team(name="General", slug="general", tier=1, languages=["en"])
    # A clean room as strict as a team can be set: no downloads, and only the address the tests call
    # from (so the network rule is applied, and passes).
    partner_team = make_team(
        name="Partner desk",
        slug="partner-desk",
        is_outsourced=True,
        languages=["en"],
        allows_attachment_download=False,
        ip_allow_list=["127.0.0.1/32"],
    )
    partner = make_agent(username="pat", first_name="Pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    agent = make_agent(username="alice", first_name="Alice")
    TeamMembershipFactory(team=general, user=agent)
    supervisor = make_agent(username="sam", role="supervisor", first_name="Sam")
    TeamMembershipFactory(team=general, user=supervisor)
    # The stock Django admin is for staff accounts; the helpdesk's admins are such accounts.
    admin = make_agent(username="ada", role="admin", first_name="Ada", is_staff=True, is_superuser=True)
    auditor = make_agent(username="otto", role="auditor", first_name="Otto")
    return {"partner": partner, "agent": agent, "supervisor": supervisor, "admin": admin, "auditor": auditor}


def _ticket(team_slug: str, n: int, **fields: Any) -> Ticket:
    from routing.models import Team

    team = Team.objects.get(slug=team_slug)
    customer = make_customer(external_id=f"EX-{team_slug}-{n}", email=f"{team_slug}-{n}@mail.example")
    return make_ticket(customer=customer, team=team, **fields)


def _attachment(ticket: Ticket, author: User) -> int:
    from tickets.services import ticket_reply

    entry = ticket_reply(
        ticket=ticket,
        author=author,
        body="The statement you asked for.",
        attachments=[IncomingFile(filename="statement.txt", content=b"balance: 1 BTC\n")],
    )
    return int(entry.attachments.get().pk)


def _chat(team_slug: str, n: int) -> tuple[int, str]:
    """A waiting chat of the team, started as the widget starts one; its id and its visitor's token."""
    from livechat.identity import conversation_token
    from livechat.models import Conversation
    from livechat.services import chat_start
    from routing.models import Team

    conversation = chat_start(
        topic="withdrawal", language="en", name=f"Visitor {n}", email=f"visitor{n}@mail.example", message="hi"
    )
    Ticket.objects.filter(pk=conversation.ticket_id).update(
        team=Team.objects.get(slug=team_slug), assignee=None
    )
    Conversation.objects.filter(pk=conversation.pk).update(status="waiting", offered_to=None, offered_at=None)
    return conversation.pk, conversation_token(conversation.pk)


CHAT_TEAMS = {"inhouse_chat": "general", "partner_chat": "partner-desk"}
_chats = iter(range(100, 100_000))


def chat_for(kind: str) -> tuple[int, str]:
    """A fresh waiting chat of the kind a socket rule names ("inhouse_chat", "partner_chat")."""
    return _chat(CHAT_TEAMS[kind], next(_chats))


def _knowledgebase(editor: User) -> dict[str, Any]:
    from knowledgebase.models import ArticleTranslation
    from knowledgebase.services import (
        article_create,
        category_upsert,
        flag_create,
        translation_publish,
        translation_save,
    )

    category, _created = category_upsert(slug="withdrawals", names={"en": "Withdrawals"}, descriptions={})
    article = article_create(slug="send-crypto", category=category, actor=None)
    published = translation_save(
        article=article, language="en", title="Sending crypto", body="How to send.", actor=None
    )
    translation_publish(translation=published, actor=None)
    translation_save(article=article, language="es", title="Enviar cripto", body="Cómo enviar.", actor=None)
    flag = flag_create(article=article, actor=editor, reason="The fee changed.", language="en")
    assert ArticleTranslation.objects.filter(article=article).count() == 2
    return {
        "article": article.pk,
        "article_slug": article.slug,
        "category_slug": category.slug,
        "flag": flag.pk,
        "lang": "en",
        "draft_lang": "es",
    }


def _mail(ticket: Ticket) -> dict[str, Any]:
    from django.utils import timezone

    from mail.models import InboundMessage, Mailbox

    Mailbox.objects.create(name="Support", address="support@desk.example")
    raw = b"From: a@mail.example\r\nSubject: Help\r\nMessage-ID: <m1@x>\r\n\r\nHi\r\n"
    message = InboundMessage.objects.create(
        source="smtp",
        message_key="k" * 64,
        message_id="<m1@x>",
        raw=raw,
        size=len(raw),
        sender="a@mail.example",
        subject="Help",
        status="processed",
        ticket=ticket,
        entry=ticket.entries.first(),
        received_at=timezone.now(),
    )
    return {"inbound": message.pk, "inbound_entry": ticket.entries.first().pk}  # type: ignore[union-attr]


def _routing() -> dict[str, Any]:
    from customers.models import VipLevel
    from routing.models import RoutingRule, Team, VipPolicy

    rule = RoutingRule.objects.create(position=1, name="wallets", conditions=[], actions={"team": "general"})
    policy = VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    other = make_team(name="Wallets", slug="wallets", tier=2, languages=["en"])
    return {
        "routing_rule": rule.pk,
        "vip_policy": policy.pk,
        "team": Team.objects.get(slug="general").pk,
        "other_team": other.pk,
    }


def _approvals(inhouse: Ticket, partner_ticket: Ticket, users: dict[str, User]) -> dict[str, Any]:
    """A pending request on each ticket, made by an agent who may work on it."""
    import datetime as dt

    from django.utils import timezone

    from approvals.models import ApprovalRequest

    def pending(ticket: Ticket, maker: User) -> int:
        now = timezone.now()
        return ApprovalRequest.objects.create(
            ticket=ticket,
            customer=ticket.customer,
            action="unlock_withdrawals",
            reason="The customer proved who they are on a video call.",
            requested_by=maker,
            created_at=now,
            expires_at=now + dt.timedelta(hours=48),
        ).pk

    return {
        "inhouse_approval": pending(inhouse, users["agent"]),
        "partner_approval": pending(partner_ticket, users["partner"]),
        "approval_action": "unlock_withdrawals",
        "approval_level": "standard",
    }


def _portal_identity(ticket: Ticket) -> str:
    """The exchange's signed identity of the ticket's customer, as it links them to the portal."""
    import time

    from livechat.identity import identity_sign

    return identity_sign({"sub": ticket.customer.external_id, "exp": int(time.time()) + 3600})


def build_world() -> World:
    """Everything the tables name, made through the services where a service makes it."""
    from incidents.linking import incident_link

    users = _users()
    inhouse = _ticket("general", 1, subject="Withdrawal pending")
    partner_ticket = _ticket("partner-desk", 1, subject="Deposit missing")
    ids: dict[str, Any] = {
        "inhouse": inhouse.pk,
        "partner_ticket": partner_ticket.pk,
        "inhouse_customer": inhouse.customer_id,
        "partner_customer": partner_ticket.customer_id,
        "inhouse_external_id": inhouse.customer.external_id,
        "missing": 999999,
        "not_a_number": "not-a-number",
        "missing_name": "nothing-here",
        "publish_word": "publish",
        "unlock_action": "unlock-withdrawals",
        "chain_network": "ethereum",
        "chain_method": "gettransactionbyid",
        "agent_id": users["agent"].pk,
        # A webhook URL no channel account has (messaging/access_table.py).
        "messaging_kind": "telegram",
        "messaging_unknown_key": "no-such-account-key",
    }
    ids["inhouse_attachment"] = _attachment(inhouse, users["agent"])
    ids["partner_attachment"] = _attachment(partner_ticket, users["partner"])
    ids["inhouse_chat"], ids["inhouse_chat_token"] = _chat("general", 1)
    ids["partner_chat"], ids["partner_chat_token"] = _chat("partner-desk", 2)
    ids["visitor_token"] = ids["inhouse_chat_token"]
    ids["inhouse_entry"] = inhouse.entries.first().pk  # type: ignore[union-attr]
    ids["portal_identity"] = _portal_identity(inhouse)

    tron = declare_tron(users["supervisor"])
    linked_inhouse, linked_partner = _ticket("general", 2), _ticket("partner-desk", 2)
    for t in (linked_inhouse, linked_partner):
        incident_link(incident=tron, ticket=t, actor=users["supervisor"], answer=False)
    ids |= {
        "incident": tron.pk,
        "incident_update": tron.current_update_id,
        "linked_inhouse": linked_inhouse.pk,
        "linked_partner": linked_partner.pk,
    }
    inhouse_a: Assessment = assessment_row(_ticket("general", 3))
    partner_a: Assessment = assessment_row(_ticket("partner-desk", 3))
    ids |= {
        "inhouse_assessment": inhouse_a.pk,
        "partner_assessment": partner_a.pk,
        "inhouse_assessed": inhouse_a.ticket_id,
        "partner_assessed": partner_a.ticket_id,
    }
    ids |= _knowledgebase(users["supervisor"])
    ids |= _mail(inhouse)
    ids |= _routing()
    ids |= _approvals(inhouse, partner_ticket, users)
    ids |= csat_world(_ticket("general", 5))
    ids |= macros_world(users)
    ids |= configuration_world(users)
    ids |= customfields_world(users)
    ids |= queueviews_world(users)
    ids |= voice_world(users)

    world = World(users=users, ids=ids)
    for role, user in users.items():
        world.sessions[role] = _signed_in(user)
        world.tokens[role] = Token.objects.create(user=user).key
    assert set(world.users) | {"anonymous", "visitor"} == set(ROLES)
    return world
