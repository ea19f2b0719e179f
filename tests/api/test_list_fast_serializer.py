"""The ticket list is written from rows, and its JSON is TicketSerializer's byte for byte."""

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from casework.services import ticket_assign
from customers.models import KycStatus, VipLevel
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tickets.models import Priority, Status, Ticket, Tier
from tickets.services import ticket_set_tags
from workspace.serializers import TICKET_ROW_FIELDS, TicketSerializer, ticket_list_data, ticket_list_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_tickets(partner_team: Any, partner: Any) -> list[Ticket]:
    """Tickets that differ in every way a row can: no team, no assignee, an agent without a full
    name, the partner's own, VIP and unverified customers, every status, priority and tier, tags
    or none, and the optional times set or empty."""
    in_house = make_team(name="Payments", slug="payments", tier=Tier.SPECIALIST)
    named = make_agent(username="nora", first_name="Nora", last_name="Núñez")
    bare_name = make_agent(username="x9")
    vip = make_customer(name="Ada Ørsted", vip_level=VipLevel.VIP2, kyc_status=KycStatus.PENDING)
    plain = make_customer(name="", region="DE")
    tickets = []
    statuses = list(Status)
    for n in range(18):
        ticket = make_ticket(
            customer=vip if n % 3 == 0 else plain,
            team=[None, in_house, partner_team][n % 3],
            priority=list(Priority)[n % 4],
            subject=f'Case «{n}» \u2014 "quoted" <b>',
        )
        if n % 4 == 1:
            ticket_assign(ticket=ticket, actor=None, assignee=[named, bare_name, partner][n % 3])
        if n % 2:
            ticket_set_tags(ticket=ticket, actor=None, tags=[f"zeta-{n}", "api", "ünïcode"])
        now = timezone.now()
        Ticket.objects.filter(pk=ticket.pk).update(
            # Routing may have chosen a team; these stay without one.
            team=[None, in_house, partner_team][n % 3],
            status=statuses[n % len(statuses)],
            tier=list(Tier)[n % 4],
            skill="kyc" if n % 5 == 0 else "",
            vip_rank=n % 3,
            reopen_count=n % 2,
            first_response_at=now - dt.timedelta(minutes=n) if n % 2 else None,
            solved_at=now.replace(microsecond=0) if n % 6 == 4 else None,
            closed_at=now if n % 6 == 5 else None,
        )
        tickets.append(ticket)
    return tickets


def _drf(tickets: Any) -> bytes:
    return JSONRenderer().render(TicketSerializer(tickets, many=True).data)


def _fast(queryset: Any) -> bytes:
    rows = list(queryset.values(*TICKET_ROW_FIELDS))
    return JSONRenderer().render(ticket_list_data(rows, ticket_list_tags([r["id"] for r in rows])))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns"])
def test_the_rows_serializer_writes_what_the_drf_serializer_writes(varied_tickets, zone):
    everything = Ticket.objects.order_by("-id")
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert _fast(everything) == _drf(everything.for_list())


@pytest.mark.parametrize("viewer", ["agent", "supervisor", "partner"])
def test_each_viewer_gets_the_drf_serializers_page(varied_tickets, request, viewer):
    user = request.getfixturevalue(viewer)
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/tickets/?page_size=50")
    assert response.status_code == 200
    body = response.json()
    expected = Ticket.objects.visible_to(user).for_list().order_by("-id")
    assert [row["id"] for row in body["results"]] == list(expected.values_list("id", flat=True))
    drf_page = {
        "next": body["next"],
        "previous": body["previous"],
        "results": TicketSerializer(expected, many=True).data,
    }
    assert response.content == JSONRenderer().render(drf_page)
    if viewer == "partner":
        # Their teams' tickets and their own, nothing else.
        assert 0 < len(body["results"]) < len(varied_tickets)


def test_rows_cover_no_team_no_assignee_tags_and_a_missing_full_name(varied_tickets, api_client):
    rows = api_client.get("/api/tickets/?page_size=50").json()["results"]
    assert any(r["team"] is None for r in rows) and any(r["assignee"] is None for r in rows)
    assert {r["assignee"]["name"] for r in rows if r["assignee"]} >= {"Nora Núñez", "x9"}
    assert any(r["tags"] == ["api", "zeta-1", "ünïcode"] for r in rows)
    assert any(r["customer"]["is_vip"] for r in rows) and any(not r["customer"]["is_vip"] for r in rows)


@pytest.mark.parametrize("query", ["", "&status=open&status=new", "&tag=api&queue=all", "&queue=unassigned"])
def test_a_page_is_three_queries_whatever_its_size_and_filters(
    varied_tickets, api_client, django_assert_num_queries, query
):
    # Whether the user is a partner agent, the page with its customers, teams and agents, the tags.
    for size in (2, 50):
        with django_assert_num_queries(3):
            response = api_client.get(f"/api/tickets/?page_size={size}{query}")
        assert response.status_code == 200
        assert response.json()["results"]


def test_the_next_page_follows_on_from_rows(varied_tickets, api_client):
    first = api_client.get("/api/tickets/?page_size=5").json()
    second = api_client.get(first["next"]).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == list(Ticket.objects.order_by("-id").values_list("id", flat=True)[:10])


def test_an_api_token_is_looked_up_once_per_page(varied_tickets, agent, django_assert_num_queries):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=agent)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    # The token (read once, for the clean room, the staff-session check and DRF), the agent's
    # partner teams, the page, its tags.
    with django_assert_num_queries(4) as captured:
        response = client.get("/api/tickets/?page_size=50")
    assert response.status_code == 200
    assert sum("authtoken_token" in q["sql"] for q in captured.captured_queries) == 1
