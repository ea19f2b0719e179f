"""Creates the demo organisation, customers and tickets. Running it again changes nothing.

Everything is made through the services the app itself uses, so timelines and audit records are
real; only the timeline's timestamps are then moved into the past, so the queues look lived in.
Audit records keep the time they were really written.
"""

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.demo import seed_second_factor_demo
from accounts.models import Role, User
from approvals.demo import seed_approvals_demo
from assistant.demo import seed_tier0_demo
from assistant.steps import assistant_paused
from casework.services import ticket_assign, ticket_reply, ticket_set_status, ticket_update
from costs.demo import seed_costs_demo
from csat.demo import seed_csat_demo
from customers.models import Customer
from customers.services import customer_upsert
from incidents.demo import seed_demo_incident
from intake.pipeline import customer_message_add, ticket_open
from mail.demo import mail_demo_seed
from portal.demo import seed_portal_demo
from reports.demo import seed_reports_demo
from routing.models import RoutingRule, Shift, Team, TeamMembership, VipPolicy
from tickets.models import EntryKind, Status, Ticket, TimelineEntry
from tickets.services import ticket_note, ticket_set_tags
from triage.demo import seed_triage_demo
from volatility.demo import seed_volatility_demo
from workspace.management import demo_routing
from workspace.management.demo_data import CUSTOMERS, DEMO_PASSWORD, TEAMS, TICKETS, USERS, DemoTicket, Step
from workspace.management.logins import demo_login_lines


class Command(BaseCommand):
    help = "Create demo agents, teams, customers and tickets (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="Do not print the demo logins (`make run` prints them once the server is up).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo creates logins with a published password; it never runs in production"
            )
        with transaction.atomic():
            teams, new_teams = _teams()
            users, new_users = _users(teams)
            customers, new_customers = _customers()
            _routing_setup(teams, users, customers, now=timezone.now())
            # History agents already worked, replayed as it happened: tier 0 reads new messages only.
            with assistant_paused():
                new_tickets = _tickets(customers, users, teams, now=timezone.now())
        # Every demo login signs in with a second factor whose key is published (accounts/demo.py).
        seed_second_factor_demo()
        call_command("seed_kb", stdout=self.stdout, stderr=self.stderr)
        mail_demo_seed()
        # The exchange beside the helpdesk: the reference exchange's accounts for the demo customers,
        # their deposits and withdrawals; then an incident in progress with a few tickets linked.
        call_command("seed_reference_exchange", stdout=io.StringIO())
        # A 2FA reset waiting for a second person's approval on the account-takeover case.
        seed_approvals_demo()
        # Customers writing about money in transit, each case a different diagnosis once looked up.
        new_tickets += _count_new_tickets(seed_triage_demo)
        new_tickets += _count_new_tickets(seed_demo_incident)
        # First messages in several languages that tier 0 reads as the worker starts: some it answers,
        # the rest it hands to the right specialists.
        new_tickets += _count_new_tickets(seed_tier0_demo)
        # Hourly costs for every team and handle time on the answered cases: cost per resolution.
        seed_costs_demo()
        # The widget demo page's signed-in customer has tickets to open from its portal link.
        new_tickets += _count_new_tickets(seed_portal_demo)
        # A market event a supervisor marked, so reports can compare inside and outside its window.
        seed_volatility_demo()
        # Satisfaction answers on the solved demo cases, for the ticket pages and the CSAT metrics.
        seed_csat_demo()
        # Last, once every demo case exists: the reports dashboard's figures (reports/demo.py).
        seed_reports_demo()
        made = (new_teams, new_users, new_customers, new_tickets)
        summary = "Demo data: {} teams, {} people, {} customers and {} tickets created".format(*made)
        self.stdout.write(summary if any(made) else f"{summary} (already seeded; nothing changed)")
        if not options["no_logins"]:
            self.stdout.write("\n".join(demo_login_lines()))


def _count_new_tickets(seed: Callable[[], object]) -> int:
    """How many tickets a seeding function opened."""
    before = Ticket.objects.count()
    seed()
    return Ticket.objects.count() - before


def _teams() -> tuple[dict[str, Team], int]:
    teams: dict[str, Team] = {}
    created = 0
    for spec in TEAMS:
        team, was_created = Team.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "tier": spec.tier,
                "time_zone": spec.time_zone,
                "region": spec.region,
                "languages": list(spec.languages),
                "skills": list(spec.skills),
                "is_outsourced": spec.is_outsourced,
                "accepts_overflow": spec.accepts_overflow,
            },
        )
        teams[spec.slug] = team
        created += was_created
    return teams, created


def _users(teams: dict[str, Team]) -> tuple[dict[str, User], int]:
    users: dict[str, User] = {}
    created = 0
    # Hashing is deliberately slow; one hash serves every demo login (they share the password anyway).
    password = make_password(DEMO_PASSWORD)
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            # An existing account keeps its password: someone may have changed it on purpose.
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@support.example",
                role=spec.role,
                time_zone=spec.time_zone,
                language=spec.language,
                is_staff=spec.role == Role.ADMIN,
                is_superuser=spec.role == Role.ADMIN,
            )
            user.password = password
            user.save()
            created += 1
        for slug in spec.teams:
            TeamMembership.objects.get_or_create(
                team=teams[slug], user=user, defaults={"is_lead": slug in spec.leads}
            )
        users[spec.username] = user
    return users, created


def _customers() -> tuple[dict[str, Customer], int]:
    existing = {
        c.external_id: c for c in Customer.objects.filter(external_id__in=[s.external_id for s in CUSTOMERS])
    }
    created = 0
    for spec in CUSTOMERS:
        if spec.external_id in existing:
            continue
        existing[spec.external_id], _ = customer_upsert(
            external_id=spec.external_id,
            name=spec.name,
            email=spec.email,
            phone=spec.phone,
            language=spec.language,
            region=spec.region,
            time_zone=spec.time_zone,
            vip_level=spec.vip_level,
            kyc_status=spec.kyc_status,
            account_flags=list(spec.account_flags),
        )
        created += 1
    return existing, created


def _routing_setup(
    teams: dict[str, Team], users: dict[str, User], customers: dict[str, Customer], *, now: dt.datetime
) -> None:
    """VIP policies, rules, shifts, account managers and account activity; each only if missing."""
    for level, rank, boost in demo_routing.VIP_POLICIES:
        VipPolicy.objects.get_or_create(level=level, defaults={"rank": rank, "priority_boost": boost})
    for position, rule in enumerate(demo_routing.RULES, start=1):
        RoutingRule.objects.get_or_create(name=rule["name"], defaults={"position": position * 10, **rule})
    for slug, (days, start, end) in demo_routing.SHIFTS.items():
        if not Shift.objects.filter(team=teams[slug]).exists():
            Shift.objects.bulk_create(Shift(team=teams[slug], weekday=d, start=start, end=end) for d in days)
    if not Team.objects.filter(is_default=True).exists():
        Team.objects.filter(pk=teams[demo_routing.DEFAULT_TEAM].pk).update(is_default=True)
    for external_id, (manager, backup) in demo_routing.ACCOUNT_MANAGERS.items():
        customer = customers[external_id]
        if customer.account_manager_id is None:
            customer, _ = customer_upsert(
                external_id=external_id, account_manager=users[manager], backup_account_manager=users[backup]
            )
            customers[external_id] = customer
    for external_id, activity in demo_routing.ACTIVITY.items():
        customer = customers[external_id]
        already = (
            customer.pending_withdrawal_usd
            or customer.last_2fa_change_at
            or customer.last_new_device_login_at
        )
        if already:
            continue
        fields: dict[str, Any] = {}
        if "pending_withdrawal_usd" in activity:
            fields["pending_withdrawal_usd"] = activity["pending_withdrawal_usd"]
        if "last_2fa_change_hours_ago" in activity:
            fields["last_2fa_change_at"] = now - dt.timedelta(hours=activity["last_2fa_change_hours_ago"])
        if "last_new_device_login_hours_ago" in activity:
            fields["last_new_device_login_at"] = now - dt.timedelta(
                hours=activity["last_new_device_login_hours_ago"]
            )
        customers[external_id], _ = customer_upsert(external_id=external_id, **fields)


def _tickets(
    customers: dict[str, Customer], users: dict[str, User], teams: dict[str, Team], *, now: dt.datetime
) -> int:
    created = 0
    # Oldest first, so ticket numbers grow with their creation time as they would in real life.
    for spec in sorted(TICKETS, key=lambda s: s.ago, reverse=True):
        customer = customers[spec.customer]
        # A demo ticket is known by its customer and subject; one already there is left as it is.
        if Ticket.objects.filter(customer=customer, subject=spec.subject).exists():
            continue
        _play(spec, customer, users, teams, now=now)
        created += 1
    return created


def _play(
    spec: DemoTicket, customer: Customer, users: dict[str, User], teams: dict[str, Team], *, now: dt.datetime
) -> Ticket:
    start = now - spec.ago
    total = sum((step.after for step in spec.steps), dt.timedelta())
    # Whatever the script says, nothing may happen in the future.
    room = spec.ago - dt.timedelta(minutes=1)
    scale = min(1.0, room / total) if total else 1.0

    ticket = ticket_open(
        customer=customer,
        subject=spec.subject,
        body=spec.body,
        channel=spec.channel,
        category=spec.category,
        priority=spec.priority,
        tier=spec.tier,
        team=teams[spec.team] if spec.team else None,
        tags=spec.tags,
    )
    marks = [(_last_entry_id(ticket), start)]
    at = start
    for step in spec.steps:
        at += step.after * scale
        _apply(step, ticket, users, teams)
        marks.append((_last_entry_id(ticket), at))
    ticket.refresh_from_db()
    if ticket.status != spec.expect:
        raise CommandError(f"demo ticket {spec.subject!r} ended {ticket.status}, expected {spec.expect}")
    _retime(ticket, marks)
    return ticket


def _apply(step: Step, ticket: Ticket, users: dict[str, User], teams: dict[str, Team]) -> None:
    actor = users[step.actor] if step.actor else None
    if step.action == "assign":
        ticket_assign(ticket=ticket, actor=actor, assignee=users[step.assignee or ""])
    elif step.action == "reply" and actor:
        ticket_reply(ticket=ticket, author=actor, body=step.body, status=step.status)
    elif step.action == "note" and actor:
        ticket_note(ticket=ticket, author=actor, body=step.body)
    elif step.action == "customer":
        customer_message_add(ticket=ticket, body=step.body)
    elif step.action == "status" and step.status:
        ticket_set_status(ticket=ticket, actor=actor, status=step.status)
    elif step.action == "escalate" and step.team and step.tier is not None:
        ticket_update(ticket=ticket, actor=actor, tier=step.tier)
        assignee = users[step.assignee] if step.assignee else None
        ticket_assign(ticket=ticket, actor=actor, assignee=assignee, team=teams[step.team])
    elif step.action == "priority" and step.priority is not None:
        ticket_update(ticket=ticket, actor=actor, priority=step.priority)
    elif step.action == "tags":
        ticket_set_tags(ticket=ticket, actor=actor, tags=step.tags)
    else:
        raise CommandError(f"demo step {step} is incomplete")


def _last_entry_id(ticket: Ticket) -> int:
    return ticket.entries.order_by("-id").values_list("id", flat=True).first() or 0


def _retime(ticket: Ticket, marks: list[tuple[int, dt.datetime]]) -> None:
    """Move each step's timeline entries to the step's time, a second apart to keep their order."""
    entries = list(ticket.entries.order_by("id"))
    previous = 0
    for last_id, at in marks:
        for offset, entry in enumerate(e for e in entries if previous < e.pk <= last_id):
            entry.created_at = at + dt.timedelta(seconds=offset)
        previous = last_id
    TimelineEntry.objects.bulk_update(entries, ["created_at"])

    def last_move_to(status: str) -> dt.datetime | None:
        times = [
            e.created_at
            for e in entries
            if e.kind == EntryKind.SYSTEM_EVENT
            and e.data.get("event") == "status_changed"
            and e.data.get("to") == status
        ]
        return times[-1] if times else None

    replies = [e.created_at for e in entries if e.kind == EntryKind.AGENT_REPLY]
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=entries[0].created_at,
        updated_at=entries[-1].created_at,
        first_response_at=replies[0] if replies else None,
        solved_at=last_move_to(Status.SOLVED) if ticket.status in (Status.SOLVED, Status.CLOSED) else None,
        closed_at=last_move_to(Status.CLOSED) if ticket.status == Status.CLOSED else None,
    )
