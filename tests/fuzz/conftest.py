"""A small helpdesk with one of everything, for tests that send odd input to every door."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from accounts.models import User
from customers.models import Customer, VipLevel
from knowledgebase.models import Article
from knowledgebase.services import article_create, category_upsert, translation_publish, translation_save
from mail.models import Mailbox
from routing.models import RoutingRule, Shift, Team, VipPolicy
from tests.customfields.world import customfields_fuzz_world
from tests.factories import TeamFactory, TeamMembershipFactory, TicketFactory, make_agent, make_customer
from tickets.models import Ticket


@dataclass
class World:
    admin: User
    supervisor: User
    agent: User
    team: Team
    customer: Customer
    ticket: Ticket
    article: Article
    mailbox: Mailbox
    rule: RoutingRule
    vip_policy: VipPolicy


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate limits live in the cache, which outlives each test's database transaction.
    cache.clear()
    yield
    cache.clear()


def build_world() -> World:
    admin = make_agent(username="ada", role="admin", is_staff=True, is_superuser=True)
    supervisor = make_agent(username="sam", role="supervisor")
    agent = make_agent(username="alice")
    team = TeamFactory.create(name="Wallets", slug="wallets")
    Shift.objects.create(team=team, weekday=0, start=dt.time(7), end=dt.time(15, 30))
    for user in (admin, supervisor, agent):
        TeamMembershipFactory.create(team=team, user=user)
    customer = make_customer(external_id="EX-1")
    ticket: Any = TicketFactory(customer=customer)
    category, _created = category_upsert(slug="withdrawals", names={"en": "Withdrawals"}, descriptions={})
    article = article_create(slug="send-crypto", category=category, actor=None)
    translation = translation_save(
        article=article, language="en", title="Sending crypto", body="How to send.", actor=None
    )
    translation_publish(translation=translation, actor=None)
    mailbox = Mailbox.objects.create(name="Support", address="support@desk.example")
    rule = RoutingRule.objects.create(position=1, name="wallets", conditions=[], actions={"team": "wallets"})
    vip_policy = VipPolicy.objects.create(level=VipLevel.VIP2, rank=2, priority_boost=1)
    customfields_fuzz_world(admin, ticket)
    return World(admin, supervisor, agent, team, customer, ticket, article, mailbox, rule, vip_policy)


@pytest.fixture
def world(db: None) -> World:
    return build_world()
