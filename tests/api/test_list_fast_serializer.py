"""The ticket list is written from rows, and its JSON is TicketSerializer's byte for byte."""

import datetime as dt
import json
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
from workspace.serializers import TicketSerializer, ticket_list_add_tags, ticket_list_data, ticket_list_rows

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
    return JSONRenderer().render(ticket_list_data(ticket_list_add_tags(list(ticket_list_rows(queryset)))))


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
def test_a_page_is_two_queries_whatever_its_size_and_filters(
    varied_tickets, api_client, django_assert_num_queries, query
):
    # Whether the user is a partner agent, the page with its customers, teams, agents and tags.
    for size in (2, 50):
        with django_assert_num_queries(2):
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
    # The token (read once, for the clean room, the staff-session check and the view), the agent's
    # partner teams, the page with its tags.
    with django_assert_num_queries(3) as captured:
        response = client.get("/api/tickets/?page_size=50")
    assert response.status_code == 200
    assert sum("authtoken_token" in q["sql"] for q in captured.captured_queries) == 1


# --- The list outside DRF (workspace/ticket_list.py) against DRF's own list ---------------------------

FAST_QUERIES = [
    "",
    "page_size=2",
    "page_size=0",
    "page_size=-3",
    "page_size=500",
    "page_size=x",
    "status=open&status=new",
    "status=solved",
    "priority=high&priority=urgent",
    "channel=email",
    "category=withdrawal",
    "tier=2",
    "team={team}",
    "customer={customer}",
    "assignee=me",
    "assignee=none",
    "assignee={agent}",
    "queue=mine",
    "queue=team",
    "queue=unassigned",
    "queue=vip",
    "queue=all&status=new&priority=low",
    "customer=999999",
]


@pytest.fixture
def drf_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every list request answered by TicketViewSet.list, as before the fast path."""
    monkeypatch.setattr("workspace.api.ticket_list_response", lambda request: None)


@pytest.fixture
def list_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests that reached DRF's list (the fast path answered the others)."""
    from workspace.api import TicketViewSet

    calls: list[str] = []
    drf_list = TicketViewSet.list

    def spy(self: Any, request: Any) -> Any:
        calls.append(request.get_full_path())
        return drf_list(self, request)

    monkeypatch.setattr(TicketViewSet, "list", spy)
    return calls


def _pages(client: APIClient, url: str) -> list[bytes]:
    """The page at `url`, the page its `next` link leads to and that page's `previous` link."""
    first = client.get(url)
    pages = [first.content]
    if first.json().get("next"):
        second = client.get(first.json()["next"])
        pages.append(second.content)
        pages.append(client.get(second.json()["previous"]).content)
    return pages


@pytest.mark.parametrize("viewer", ["agent", "supervisor", "partner"])
def test_the_fast_list_answers_as_drfs_list_for_every_filter_and_cursor(
    varied_tickets, request, viewer, list_calls, monkeypatch
):
    user = request.getfixturevalue(viewer)
    client = APIClient()
    client.force_authenticate(user)
    ticket = Ticket.objects.exclude(team=None).exclude(assignee=None).first()
    assert ticket is not None
    names = {"team": ticket.team_id, "customer": ticket.customer_id, "agent": ticket.assignee_id}
    # Three a page, so that the next and previous links are followed.
    queries = [query.format(**names) for query in FAST_QUERIES]
    urls = [f"/api/tickets/?{q}" if "page_size" in q else f"/api/tickets/?page_size=3&{q}" for q in queries]
    fast = {url: _pages(client, url) for url in urls}
    assert list_calls == [], "the fast path sent these to DRF"
    monkeypatch.setattr("workspace.api.ticket_list_response", lambda request: None)
    for url in urls:
        assert _pages(client, url) == fast[url], url
    assert len(list_calls) >= len(urls)


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "status=",
        "tier=9",
        "team=0",
        "team=abc",
        "assignee=-1",
        "channel=email&channel=chat",
        "tag=api",
        "reference=HD-000001",
        "created_after=2020-01-01T00:00:00Z",
        "queue=breaching",
        "cursor=bm9wZQ==",
        "cursor=bz0xJnA9MTA=",
        "cursor=cj0wJnA9MTA=",
        "format=json",
    ],
)
def test_what_the_fast_list_does_not_answer_drfs_list_does(varied_tickets, api_client, list_calls, query):
    response = api_client.get(f"/api/tickets/?{query}")
    assert list_calls == [f"/api/tickets/?{query}"]
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["status"] == 400


def test_the_fast_list_refuses_what_drf_refuses(varied_tickets, list_calls):
    from rest_framework.authtoken.models import Token

    assert APIClient().get("/api/tickets/").status_code == 401
    bad = APIClient(HTTP_AUTHORIZATION="Token nosuchkey")
    assert bad.get("/api/tickets/").json()["status"] == 401
    inactive = make_agent(username="gone", is_active=False)
    key = Token.objects.create(user=inactive).key
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/tickets/").status_code == 401
    assert len(list_calls) == 0 or all(call == "/api/tickets/" for call in list_calls)


def test_a_token_and_a_session_see_the_same_page(varied_tickets, agent, client):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=agent).key
    by_token = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/tickets/?page_size=5")
    client.force_login(agent)
    by_session = client.get("/api/tickets/?page_size=5")
    assert by_token.status_code == by_session.status_code == 200
    assert by_token.content == by_session.content
    assert by_token["Content-Type"] == "application/json"


def test_an_accept_header_without_json_is_drfs_to_refuse(varied_tickets, api_client, list_calls):
    # DRF negotiates before its list runs: a 406, where the fast path would have written JSON.
    assert api_client.get("/api/tickets/", HTTP_ACCEPT="application/xml").status_code == 406
    assert list_calls == []
    assert api_client.get("/api/tickets/", HTTP_ACCEPT="text/html, application/json;q=0.9").status_code == 200
    assert list_calls == [], "a header that admits JSON is answered by the fast path"


# --- The page's JSON written by PostgreSQL (in UTC) against DRF's renderer ----------------------------


@pytest.fixture
def awkward_tickets(varied_tickets: list[Ticket]) -> list[Ticket]:
    """Text JSON must escape (quotes, backslashes, control characters, U+2028/U+2029, characters
    outside the BMP), names str.strip() trims beyond spaces, a name of whitespace only, times on the
    second and off it, and an id past six digits."""
    spaced = make_agent(username="ws", first_name="\u3000\tNoor\u00a0", last_name="\u2003")
    blank = make_agent(username="only-space", first_name="\u2029", last_name=" ")
    odd = make_customer(name='Zoë "Z" \\ O\'Brien\x01\x1f', external_id="ex\\id\u2028", region="\u00e9")
    subjects = ["tab\there\nnew\rline\x08\x0c", "line\u2028sep\u2029para 🚀 \U0001f600", "\x7f<script>&amp;"]
    tickets = [
        make_ticket(customer=odd, subject=subject, assignee=agent)
        for subject, agent in zip(subjects, (spaced, blank, None), strict=True)
    ]
    ticket_set_tags(ticket=tickets[0], actor=None, tags=["ünïcode", "a-b"])
    on_the_second = timezone.now().replace(microsecond=0)
    Ticket.objects.filter(pk=tickets[1].pk).update(created_at=on_the_second, routed_at=on_the_second)
    # A bare row (no timeline): the services number tickets from the sequence.
    now = timezone.now()
    Ticket.objects.create(
        id=1_234_567, customer=odd, subject="past six digits", created_at=now, updated_at=now
    )
    return [*varied_tickets, *tickets]


@pytest.mark.parametrize("viewer", ["agent", "partner"])
def test_the_json_postgresql_writes_is_drfs_byte_for_byte(awkward_tickets, request, viewer, monkeypatch):
    user = request.getfixturevalue(viewer)
    client = APIClient()
    client.force_authenticate(user)
    urls = [f"/api/tickets/?page_size={size}" for size in (2, 7, 200)]
    # In UTC no row is written in Python.
    monkeypatch.setattr("workspace.ticket_list.ticket_list_data", _not_called)
    fast = {url: _pages(client, url) for url in urls}
    monkeypatch.undo()
    monkeypatch.setattr("workspace.api.ticket_list_response", lambda request: None)
    for url in urls:
        assert _pages(client, url) == fast[url], url
    if viewer == "agent":
        body = json.loads(fast[urls[-1]][0])["results"]
        names = {row["assignee"]["username"]: row["assignee"]["name"] for row in body if row["assignee"]}
        assert names["ws"] == "Noor" and names["only-space"] == "only-space"
        assert any(row["reference"] == "HD-1234567" for row in body)
        assert b"\\u2028" in fast[urls[-1]][0] and "\u2028".encode() not in fast[urls[-1]][0]


def _not_called(rows: Any) -> Any:
    raise AssertionError("the rows were written in Python")


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns"])
def test_a_signed_in_agent_gets_drfs_page_in_their_own_time_zone(awkward_tickets, agent, client, zone):
    agent.time_zone = zone
    agent.save(update_fields=["time_zone"])
    client.force_login(agent)
    response = client.get("/api/tickets/?page_size=200")
    assert response.status_code == 200
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        expected = TicketSerializer(Ticket.objects.for_list().order_by("-id"), many=True).data
        drf_page = {"next": None, "previous": None, "results": expected}
        assert response.content == JSONRenderer().render(drf_page)
    created = [row["created_at"] for row in response.json()["results"]]
    assert all(time.endswith({"UTC": "Z", "Asia/Kolkata": "+05:30"}.get(zone, ":30")) for time in created)


def test_a_status_the_serializer_does_not_know_fails_as_drfs_list_fails(
    varied_tickets, api_client, monkeypatch
):
    Ticket.objects.filter(pk=varied_tickets[0].pk).update(status="bogus")
    with pytest.raises(KeyError):
        api_client.get("/api/tickets/?page_size=50")
    monkeypatch.setattr("workspace.api.ticket_list_response", lambda request: None)
    with pytest.raises(KeyError):
        api_client.get("/api/tickets/?page_size=50")
