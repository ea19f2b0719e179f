"""How times read on the workspace's pages: the customer's own clock where it matters, and one style
for moments everywhere else (helpdesk/dates.py), each in the viewer's zone."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_agent, make_customer, make_ticket

pytestmark = pytest.mark.django_db

# 14:05 UTC: 23:05 in Tokyo, 09:05 in New York.
INSTANT = dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC)


def local_time_of(page: str) -> str:
    match = re.search(r"Local time</dt><dd>(.*?)</dd>", page, re.S)
    assert match, "no Local time on the page"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture
def new_york_client() -> Client:
    client = Client()
    client.force_login(make_agent(username="nina", time_zone="America/New_York"))
    return client


def test_the_customers_local_time_is_their_own_clock_not_the_agents(new_york_client: Client) -> None:
    customer = make_customer(time_zone="Asia/Tokyo")
    ticket = make_ticket(customer=customer)

    with time_machine.travel(INSTANT, tick=False):
        ticket_page = new_york_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
        customer_page = new_york_client.get(
            reverse("customers:customer-detail", args=[customer.pk])
        ).content.decode()

    for page in (ticket_page, customer_page):
        assert local_time_of(page) == "23:05 Asia/Tokyo"
        assert 'datetime="2026-12-06T23:05:00+09:00"' in page


def test_a_customer_with_an_unknown_time_zone_shows_no_local_time(new_york_client: Client) -> None:
    customer = make_customer(time_zone="Mars/Olympus")
    ticket = make_ticket(customer=customer)

    page = new_york_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()

    assert local_time_of(page) == "—"


def test_moments_on_the_ticket_page_read_one_way_in_the_viewers_zone(new_york_client: Client) -> None:
    with time_machine.travel(INSTANT, tick=False):
        ticket = make_ticket(customer=make_customer())
        page = new_york_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()

    # The timeline entry and the "Created" fact: 09:05 in New York, in the one stamp style.
    stamps = re.findall(r'<time datetime="2026-12-06T14:05:00\+00:00">([^<]*)</time>', page)
    assert stamps and set(stamps) == {"6 Dec 2026, 09:05"}


def test_the_queue_says_how_recent_a_ticket_is_with_the_moment_as_its_tooltip(
    new_york_client: Client,
) -> None:
    with time_machine.travel(INSTANT, tick=False):
        make_ticket(customer=make_customer())
    with time_machine.travel(INSTANT + dt.timedelta(minutes=3), tick=False):
        page = new_york_client.get(reverse("tickets:queue"), {"queue": "all"}).content.decode()

    assert re.search(r'title="6 Dec 2026, 09:05">3\xa0minutes ago</time>', page)


def test_no_template_formats_a_date_itself() -> None:
    """Every page formats moments through the `dates` filters, so they read one way everywhere."""
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        text = template.read_text()
        for pattern in (r"\|date:", r"\|time:", r"naturaltime", r"timesince", r"timeuntil", r"_at }}"):
            if re.search(pattern, text):
                offenders.append(f"{template.name}: {pattern}")
    assert offenders == []
