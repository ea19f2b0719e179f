"""Bodies built to break the parser or the database: JSON nested 100,000 deep, NUL bytes and lone
surrogates in any text field. Every JSON write endpoint answers 400 with a message, writes nothing."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from approvals.models import ActionKind, ApprovalRequest
from assistant.models import Assessment, AssessmentState
from audit.models import AuditEvent
from customers.models import Customer
from incidents.models import Incident
from incidents.services import incident_declare
from queueviews.models import SavedView
from queueviews.services import saved_view_create
from tests.fuzz.conftest import World
from tickets.models import Ticket, TimelineEntry
from volatility.models import MarketEvent
from volatility.services import market_event_mark

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000
BAD_TEXT = {"nul": "a\x00b", "surrogate": "a\ud800b"}


def _json_operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, request body schema) of every API operation that reads a JSON body."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = content["application/json"]["schema"]
                if "$ref" in body:
                    body = components[body["$ref"].rsplit("/", 1)[1]]
                found.append((method, path, body))
    return found


OPERATIONS = _json_operations()


def _url(path: str, world: World) -> str:
    """The path with each {parameter} filled by the id of the world's row of that collection."""
    ids = {
        "tickets": world.ticket.pk,
        "customers": world.customer.pk,
        "by-external-id": world.customer.external_id,
        "teams": world.team.pk,
        "rules": world.rule.pk,
        "vip-policies": world.vip_policy.pk,
        "articles": world.article.slug,
    }
    if path.startswith("/api/incidents/{"):
        ids["incidents"] = _incident(world).pk
    if path.startswith("/api/assistant/assessments/{"):
        ids["assessments"] = _assessment(world).pk
    if path.startswith("/api/approvals/requests/{"):
        ids["requests"] = _approval_request(world).pk
    if path.startswith("/api/volatility/events/{"):
        ids["events"] = _market_event(world).pk
    if path.startswith("/api/views/{"):
        ids["views"] = _saved_view(world).pk
    parts = path.strip("/").split("/")
    filled = [str(ids.get(parts[n - 1], 1)) if part.startswith("{") else part for n, part in enumerate(parts)]
    return "/" + "/".join(filled) + "/"


def _incident(world: World) -> Incident:
    found = Incident.objects.first()
    return found or incident_declare(
        actor=world.supervisor,
        title="Tron congestion",
        networks=["tron"],
        assets=["USDT"],
        features=["withdrawals"],
        keywords=[],
        messages={"en": "TRC-20 withdrawals are delayed."},
    )


def _saved_view(world: World) -> SavedView:
    found = SavedView.objects.filter(owner=world.admin).first()
    return found or saved_view_create(actor=world.admin, name="Open", filters={"status": ["open"]})


def _market_event(world: World) -> MarketEvent:
    found = MarketEvent.objects.first()
    return found or market_event_mark(
        actor=world.supervisor, title="BTC flash crash", start=timezone.now() - dt.timedelta(hours=2)
    )


def _assessment(world: World) -> Assessment:
    """What tier 0 read off the world's ticket, for the correction endpoint to find."""
    return Assessment.objects.filter(ticket=world.ticket).first() or Assessment.objects.create(
        ticket=world.ticket,
        entry=world.ticket.entries.order_by("pk").first(),
        state=AssessmentState.DONE,
        created_at=world.ticket.created_at,
        intent="fees_info",
    )


def _approval_request(world: World) -> ApprovalRequest:
    """A pending request on the world's ticket, for the decision and cancel endpoints to find."""
    now = timezone.now()
    return ApprovalRequest.objects.filter(ticket=world.ticket).first() or ApprovalRequest.objects.create(
        ticket=world.ticket,
        customer=world.customer,
        action=ActionKind.REVOKE_API_KEYS,
        reason="API keys leaked in a public repository",
        requested_by=world.agent,
        created_at=now,
        expires_at=now + dt.timedelta(hours=48),
    )


def _admin(world: World) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def _rows() -> tuple[int, ...]:
    return (
        Ticket.objects.count(),
        TimelineEntry.objects.count(),
        Customer.objects.count(),
        AuditEvent.objects.count(),
    )


def test_every_json_write_endpoint_is_found():
    assert len(OPERATIONS) >= 15
    assert ("post", "/api/tickets/", OPERATIONS[0][2]) in OPERATIONS or any(
        p == "/api/tickets/" for _m, p, _b in OPERATIONS
    )


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _b in OPERATIONS])
def test_json_nested_100000_deep_is_a_400_on_every_json_endpoint(world: World, method, path):
    url = _url(path, world)
    before = _rows()
    response = getattr(_admin(world), method)(url, NESTED, content_type="application/json")
    assert response.status_code == 400, (path, response.status_code, response.content[:300])
    assert "nested more than" in response.json()["message"]
    assert _rows() == before


@pytest.mark.parametrize("kind", BAD_TEXT)
@pytest.mark.parametrize(("method", "path", "schema"), OPERATIONS)
def test_nul_and_lone_surrogates_in_any_text_field_are_a_400_naming_the_field(
    world: World, method, path, schema, kind
):
    texts = [
        name
        for name, prop in schema.get("properties", {}).items()
        if prop.get("type") == "string" and not prop.get("readOnly")
    ]
    fields = texts or ["anything"]
    url = _url(path, world)
    before = _rows()
    for field in fields:
        body = json.dumps({field: BAD_TEXT[kind]})
        response = getattr(_admin(world), method)(url, body, content_type="application/json")
        assert response.status_code == 400, (path, field, response.status_code, response.content[:300])
        assert field in response.json()["errors"], (path, field, response.json())
    assert _rows() == before


def test_nul_inside_a_json_value_and_in_a_key_are_refused_too(world: World):
    client = _admin(world)
    response = client.post(
        "/api/routing/rules/dry-run/",
        json.dumps({"conditions": {"all": [{"language": "e\x00n"}]}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"conditions": ["Null characters are not allowed."]}
    response = client.post(
        "/api/tickets/", json.dumps({"sub\ud800ject": "x"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


def test_options_on_a_customer_by_external_id_describes_the_endpoint(world: World):
    for external_id in ("0", world.customer.external_id):
        response = _admin(world).options(f"/api/customers/by-external-id/{external_id}/")
        assert response.status_code == 200, response.content[:300]
        assert response.json()["name"]


@pytest.mark.parametrize("field", ["name", "message", "email", "topic", "identity", "article_title"])
@pytest.mark.parametrize("kind", BAD_TEXT)
def test_a_chat_started_with_nul_or_a_lone_surrogate_is_a_json_400(world: World, field, kind):
    body = {"topic": "deposit", "name": "Ann", "message": "Hello", field: BAD_TEXT[kind]}
    before = _rows()
    response = Client().post("/chat/api/start/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"].startswith(f"{field}: ")
    assert _rows() == before


def test_a_chat_started_with_json_nested_100000_deep_is_a_json_400(world: World):
    response = Client().post("/chat/api/start/", NESTED, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
