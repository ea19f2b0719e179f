"""factory_boy factories. Tickets are opened through the intake pipeline so they look like real ones."""

from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from customers.models import Customer, KycStatus, VipLevel
from intake.pipeline import ticket_open
from routing.models import Team, TeamMembership, Tier
from tickets.models import Category, Channel, Priority, Ticket


class AgentFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@support.example")
    role = Role.AGENT
    time_zone = "UTC"
    password = factory.django.Password("correct-horse-battery")


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    tier = Tier.GENERAL
    languages = factory.LazyFunction(lambda: ["en"])


class TeamMembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(AgentFactory)


class CustomerFactory(DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    external_id = factory.Sequence(lambda n: f"EX-{100000 + n}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"customer{n}@mail.example")
    phone = factory.Sequence(lambda n: f"+4475500{n:05d}")
    language = "en"
    vip_level = VipLevel.STANDARD
    kyc_status = KycStatus.VERIFIED


class TicketFactory(factory.Factory[Ticket]):
    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    subject = factory.Sequence(lambda n: f"Withdrawal pending #{n}")
    body = "My withdrawal has been pending for two hours."
    channel = Channel.EMAIL
    priority = Priority.NORMAL
    category = Category.WITHDRAWAL

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Ticket:
        return ticket_open(**kwargs)


# Typed shortcuts: factory_boy's calls are typed as returning the factory, not the model.
def make_ticket(**kwargs: Any) -> Ticket:
    return cast(Ticket, TicketFactory(**kwargs))


def make_team(**kwargs: Any) -> Team:
    return cast(Team, TeamFactory(**kwargs))


def make_agent(**kwargs: Any) -> User:
    return cast(User, AgentFactory(**kwargs))


def make_customer(**kwargs: Any) -> Customer:
    return cast(Customer, CustomerFactory(**kwargs))
