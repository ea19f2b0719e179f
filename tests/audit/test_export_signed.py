"""Signed exports of a case or a period: what they hold, who may take them, that taking one is itself
audited, and the command operators run for long periods."""

import datetime as dt
import io
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from approvals.models import ApprovalDecision, ApprovalRequest, RiskAssessment
from audit.context import audit_reason
from audit.export import signing_key
from audit.models import AuditEvent
from audit.services import audit_record, audit_seal_pending
from audit.verify_export import public_key_fingerprint, verify
from casework.services import ticket_set_status
from tests.factories import make_agent, make_ticket
from tickets.models import EntryKind, Status, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key(settings: Any) -> Ed25519PrivateKey:
    private = Ed25519PrivateKey.generate()
    settings.AUDIT_EXPORT_SIGNING_KEY = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return private


@pytest.fixture
def auditor(db: None) -> Any:
    return make_agent(username="audrey", role="auditor")


@pytest.fixture
def auditor_client(auditor: Any) -> Client:
    client = Client()
    client.force_login(auditor)
    return client


@pytest.fixture
def case(ticket: Any, agent: Any, supervisor: Any) -> Any:
    """A case with a note, a reasoned status change, a risk assessment and an approved request."""
    ticket.customer.email = "jo.doe@example.com"
    ticket.customer.phone = "+44 7700 900123"
    ticket.customer.save()
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.CUSTOMER_MESSAGE,
        customer=ticket.customer,
        channel="email",
        body="My 2FA phone is lost",
        data={"email": {"from": "Jo Doe <jo.doe@example.com>"}},
        created_at=timezone.now(),
    )
    with audit_reason("customer confirmed by callback"):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    now = timezone.now()
    risk = RiskAssessment.objects.create(
        ticket=ticket, trigger="manual", level="high", score=70, created_at=now
    )
    request = ApprovalRequest.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        action="reset_2fa",
        reason="lost phone",
        requested_by=agent,
        created_at=now,
        expires_at=now + dt.timedelta(days=2),
        risk=risk,
    )
    decision = ApprovalDecision.objects.create(
        request=request, approver=supervisor, verdict="approve", note="ID re-verified", created_at=now
    )
    audit_record(action="approvals.requested", obj=request, actor=agent, reason="lost phone")
    audit_record(action="approvals.approved", obj=decision, actor=supervisor)
    audit_record(action="approvals.risk_assessed", obj=risk, actor_label="system:risk")
    return ticket


def _public(key: Ed25519PrivateKey) -> Ed25519PublicKey:
    return key.public_key()


def test_a_case_export_holds_its_events_timeline_and_approvals_and_verifies(auditor_client, case, key):
    other = make_ticket(customer=case.customer)
    audit_seal_pending(settle_seconds=0)
    response = auditor_client.post("/audit/export/", {"ticket": case.reference})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="audit-export-{case.reference}.json"'
    document = json.loads(response.content)

    assert document["format"] == "cryptodesk-audit-export/1"
    assert document["scope"] == {"kind": "ticket", "ticket": case.reference, "ticket_id": case.pk}
    assert document["generated_by"] == "agent:audrey"
    actions = [e["action"] for e in document["events"]]
    assert {"ticket.created", "ticket.status_changed", "approvals.requested", "approvals.approved",
            "approvals.risk_assessed"} <= set(actions)  # fmt: skip
    assert not [
        e
        for e in document["events"]
        if e["object_type"] == "tickets.ticket" and e["object_id"] == str(other.pk)
    ]
    reasoned = next(e for e in document["events"] if e["action"] == "ticket.status_changed")
    assert reasoned["reason"] == "customer confirmed by callback"

    # The seals cover every exported event and carry the digests of the events around them.
    assert document["seals"] and all("events" in s for s in document["seals"])
    sealed_ids = {e["id"] for s in document["seals"] for e in s["events"]}
    assert {e["id"] for e in document["events"]} <= sealed_ids
    assert sealed_ids - {e["id"] for e in document["events"]}, "the other ticket's events are sealed in too"
    assert document["checkpoint"]["head_digest"] == document["seals"][-1]["digest"]

    case_data = document["case"]
    assert case_data["ticket"]["reference"] == case.reference
    assert case_data["customer"]["email"] == "j•••@example.com"
    assert case_data["customer"]["phone"] == "•••• 23"
    [message] = [e for e in case_data["entries"] if e["body"] == "My 2FA phone is lost"]
    assert message["data"]["email"]["from"] == "j•••@example.com"
    [request] = case_data["approval_requests"]
    assert request["requested_by"] == "agent:alice" and request["reason"] == "lost phone"
    assert request["decisions"][0]["note"] == "ID re-verified"
    assert case_data["risk_assessments"][0]["score"] == 70
    assert "jo.doe@example.com" not in response.content.decode()

    assert document["signature"]["key_fingerprint"] == public_key_fingerprint(_public(key))
    assert verify(document, _public(key)) == ([], [])


def test_taking_an_export_is_audited_with_its_scope(auditor_client, auditor, case):
    auditor_client.post("/audit/export/", {"ticket": case.reference})
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.actor == auditor
    assert event.object_type == "tickets.ticket" and event.object_id == str(case.pk)
    assert event.after is not None
    assert event.after["scope"] == {"kind": "ticket", "ticket": case.reference, "ticket_id": case.pk}
    assert event.after["events"] > 0 and event.after["signature"]


def test_a_period_export_holds_every_event_of_the_period_only(auditor_client, case, agent):
    audit_seal_pending(settle_seconds=0)
    today = timezone.localdate()
    response = auditor_client.post("/audit/export/", {"from": today.isoformat(), "to": today.isoformat()})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["scope"]["kind"] == "period"
    assert document["event_count"] == AuditEvent.objects.exclude(action="audit.exported").count()
    assert "case" not in document
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    empty = json.loads(auditor_client.post("/audit/export/", {"from": yesterday, "to": yesterday}).content)
    assert empty["event_count"] == 0 and empty["events"] == [] and empty["seals"] == []


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Give a ticket reference, or a period"),
        ({"from": "2026-01-01"}, "Give a ticket reference, or a period"),
        ({"ticket": "{ticket}", "from": "2026-01-01", "to": "2026-01-02"}, "not both"),
        ({"ticket": "HD-999999"}, "No ticket HD-999999."),
        ({"from": "2026-01-02", "to": "2026-01-01"}, "ends before it starts"),
        ({"from": "yesterday", "to": "2026-01-01"}, "Enter a valid date."),
    ],
)
def test_a_bad_export_request_is_a_400_with_the_reason(auditor_client, auditor, ticket, form, message):
    form = {k: v.replace("{ticket}", ticket.reference) for k, v in form.items()}
    page = auditor_client.post("/audit/export/", form)
    assert page.status_code == 400 and message in page.content.decode()
    api = Client(headers={"Authorization": f"Token {Token.objects.create(user=auditor).key}"})
    answer = api.post("/api/audit/exports/", form, content_type="application/json")
    assert answer.status_code == 400 and message in answer.json()["message"]
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_a_period_too_large_for_the_web_is_refused(auditor_client, case, settings):
    settings.AUDIT_EXPORT_MAX_EVENTS = 2
    today = timezone.localdate().isoformat()
    response = auditor_client.post("/audit/export/", {"from": today, "to": today})
    assert response.status_code == 400
    assert "run the audit_export command" in response.content.decode()


def test_the_api_returns_the_signed_document(auditor, case, key):
    api = Client(headers={"Authorization": f"Token {Token.objects.create(user=auditor).key}"})
    response = api.post("/api/audit/exports/", {"ticket": case.reference}, content_type="application/json")
    assert response.status_code == 200
    assert verify(response.json(), _public(key))[0] == []
    bad = api.post("/api/audit/exports/", {"ticket": 5, "extra": 1}, content_type="application/json")
    assert bad.status_code == 400 and "extra" in bad.json()["errors"]


def test_the_public_key_is_published_for_auditors(auditor_client, key):
    response = auditor_client.get("/audit/export-key.pem")
    assert response.status_code == 200
    published = serialization.load_pem_public_key(response.content)
    assert public_key_fingerprint(published) == public_key_fingerprint(_public(key))  # type: ignore[arg-type]
    page = auditor_client.get("/audit/export/")
    assert public_key_fingerprint(_public(key)) in page.content.decode()


def test_the_command_writes_a_signed_export_of_a_period(case, auditor, tmp_path, key):
    out = tmp_path / "period.json"
    stderr = io.StringIO()
    today = timezone.now().date().isoformat()
    call_command(
        "audit_export", "--from", today, "--to", today, "--user", "audrey", "-o", str(out), stderr=stderr
    )
    document = json.loads(out.read_text())
    assert document["event_count"] > 0
    assert verify(document, _public(key))[0] == []
    assert f"{document['event_count']}/{document['event_count']} events" in stderr.getvalue()
    assert AuditEvent.objects.filter(action="audit.exported", actor=auditor).exists()

    ticket_file = tmp_path / "case.json"
    call_command(
        "audit_export", "--ticket", case.reference, "--user", "audrey", "-o", str(ticket_file), stderr=stderr
    )
    assert json.loads(ticket_file.read_text())["scope"]["ticket"] == case.reference


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ticket", "HD-999999", "--user", "audrey"], "no ticket HD-999999"),
        (["--from", "2026-01-01", "--user", "audrey"], "--from needs --to"),
        (["--from", "2026-01-02", "--to", "2026-01-01", "--user", "audrey"], "ends before it starts"),
        (["--from", "soon", "--to", "2026-01-01", "--user", "audrey"], "neither a day"),
        (["--ticket", "HD-000001", "--user", "nobody"], "no active user 'nobody'"),
    ],
)
def test_the_command_refuses_a_bad_scope(auditor, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("audit_export", *args, "-o", str(tmp_path / "x.json"))


def test_without_a_configured_key_development_makes_one_once_and_production_refuses(settings, tmp_path):
    settings.AUDIT_EXPORT_SIGNING_KEY = ""
    settings.AUDIT_EXPORT_KEY_FILE = str(tmp_path / "var" / "audit-export-key.pem")
    first = signing_key()
    assert (tmp_path / "var" / "audit-export-key.pem").stat().st_mode & 0o777 == 0o600
    assert public_key_fingerprint(signing_key().public_key()) == public_key_fingerprint(first.public_key())
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="AUDIT_EXPORT_SIGNING_KEY is required in production"):
        signing_key()
