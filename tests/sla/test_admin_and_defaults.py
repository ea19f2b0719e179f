"""Admins edit policies and calendars; the defaults fit an exchange; the sweeps run on beat."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django_celery_beat.models import PeriodicTask

from customers.models import VipLevel
from helpdesk.celery import app as celery_app
from sla.models import BusinessCalendar, SlaPolicy, TeamCalendar
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tests.sla.conftest import MONDAY, clock_of
from tickets.models import Category, Channel, Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(make_agent(username="root", role="admin", is_staff=True, is_superuser=True))
    return client


def _seed_defaults() -> None:
    module = importlib.import_module("sla.migrations.0002_default_policies")
    module.seed(apps, None)


@pytest.mark.parametrize(
    ("channel", "vip", "priority", "category", "first_response"),
    [
        (Channel.CHAT, VipLevel.STANDARD, Priority.NORMAL, Category.WITHDRAWAL, dt.timedelta(seconds=60)),
        (Channel.CHAT, VipLevel.VIP2, Priority.NORMAL, Category.WITHDRAWAL, dt.timedelta(seconds=30)),
        (Channel.EMAIL, VipLevel.STANDARD, Priority.NORMAL, Category.WITHDRAWAL, dt.timedelta(hours=4)),
        (Channel.EMAIL, VipLevel.VIP1, Priority.NORMAL, Category.WITHDRAWAL, dt.timedelta(hours=1)),
        (Channel.EMAIL, VipLevel.STANDARD, Priority.URGENT, Category.SECURITY, dt.timedelta(minutes=15)),
        (Channel.CHAT, VipLevel.STANDARD, Priority.URGENT, Category.ACCOUNT_ACCESS, dt.timedelta(minutes=15)),
        (Channel.SOCIAL, VipLevel.STANDARD, Priority.LOW, Category.OTHER, dt.timedelta(hours=4)),
    ],
)
def test_the_default_policies_fit_an_exchange(channel, vip, priority, category, first_response):
    _seed_defaults()
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(
            team=make_team(),
            customer=make_customer(vip_level=vip),
            channel=channel,
            priority=priority,
            category=category,
        )
    clock = clock_of(ticket)
    assert clock.first_response_due_at == MONDAY + first_response
    assert clock.next_response_target and clock.resolution_target


def test_the_defaults_have_exactly_one_catch_all():
    _seed_defaults()
    assert list(SlaPolicy.objects.filter(is_default=True).values_list("name", flat=True)) == ["Standard"]


def test_the_sweeps_are_scheduled_in_the_database_and_name_real_tasks():
    module = importlib.import_module("helpdesk.migrations.0004_sla_schedules")
    PeriodicTask.objects.filter(task__startswith="sla.").delete()
    module.create(apps, None)
    scheduled = dict(
        PeriodicTask.objects.filter(task__startswith="sla.").values_list("task", "interval__every")
    )
    assert scheduled == {
        "sla.tasks.sla_sweep_task": 10,
        "sla.tasks.sla_executive_escalation_task": 300,
        "sla.tasks.sla_notifications_outbox_task": 120,
    }
    celery_app.loader.import_default_modules()
    for task in scheduled:
        assert task in celery_app.tasks
        assert celery_app.tasks[task].acks_late


def test_admins_set_a_policys_conditions_with_checkboxes(admin_client: Client):
    team = make_team(name="Wallets", slug="wallets")
    response = admin_client.post(
        "/admin/sla/slapolicy/add/",
        {
            "position": "5",
            "name": "VIP chat",
            "is_active": "on",
            "channels": ["chat"],
            "vip_levels": ["vip1", "vip2"],
            "priorities": ["3", "4"],
            "teams": [str(team.pk)],
            "first_response_target": "00:00:30",
            "next_response_target": "00:01:00",
            "resolution_target": "2 00:00:00",
            "warn_notify_assignee": "on",
            "breach_notify_leads": "on",
            "breach_escalate": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = SlaPolicy.objects.get(name="VIP chat")
    assert (policy.channels, policy.vip_levels, policy.priorities) == (["chat"], ["vip1", "vip2"], [3, 4])
    assert list(policy.teams.all()) == [team]
    assert policy.resolution_target == dt.timedelta(days=2)
    assert policy.breach_escalate and not policy.breach_raise_priority
    assert admin_client.get("/admin/sla/slapolicy/").status_code == 200


def _calendar_form(team_pk: int, **extra: str) -> dict[str, str]:
    data = {
        "name": "Malta office",
        "time_zone": "Europe/Malta",
        "team_links-TOTAL_FORMS": "1",
        "team_links-INITIAL_FORMS": "0",
        "team_links-0-team": str(team_pk),
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "holidays-TOTAL_FORMS": "1",
        "holidays-INITIAL_FORMS": "0",
        "holidays-0-date": "2026-12-25",
        "holidays-0-name": "Christmas",
    }
    return data | extra


def test_a_calendar_needs_opening_hours_unless_it_is_open_around_the_clock(admin_client: Client):
    team = make_team()
    refused = admin_client.post("/admin/sla/businesscalendar/add/", _calendar_form(team.pk))
    assert refused.status_code == 200
    assert "Add opening hours, or mark the calendar open 24/7." in refused.content.decode()
    assert not BusinessCalendar.objects.exists()

    with_hours = _calendar_form(
        team.pk,
        **{
            "hours-TOTAL_FORMS": "1",
            "hours-0-weekday": "0",
            "hours-0-start": "09:00",
            "hours-0-end": "17:00",
        },
    )
    assert admin_client.post("/admin/sla/businesscalendar/add/", with_hours).status_code == 302
    calendar = BusinessCalendar.objects.get()
    assert TeamCalendar.objects.get(team=team).calendar == calendar
    assert calendar.holidays.get().date == dt.date(2026, 12, 25)


def test_an_unknown_time_zone_is_refused(admin_client: Client):
    response = admin_client.post(
        "/admin/sla/businesscalendar/add/",
        _calendar_form(make_team().pk, time_zone="Mars/Olympus", always_open="on"),
    )
    assert response.status_code == 200
    assert not BusinessCalendar.objects.exists()


def test_clocks_are_listed_read_only(admin_client: Client):
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket(team=make_team())
    assert admin_client.get("/admin/sla/ticketclock/").status_code == 200
    assert admin_client.get(f"/admin/sla/ticketclock/{ticket.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/sla/ticketclock/{ticket.pk}/change/", {}).status_code == 403
