"""The offline verifier (audit.verify_export) against exports the helpdesk signed: it passes an untouched
export and names what was changed in a touched one; its digest is the model's."""

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings as django_settings
from django.utils import timezone

from audit.context import audit_reason
from audit.export import ExportScope, export_build, public_key_pem
from audit.models import AuditEvent
from audit.services import audit_record, audit_seal_pending
from audit.verify_export import event_digest, signed_bytes, verify
from casework.services import ticket_set_status
from tests.factories import make_agent
from tickets.models import Status

pytestmark = pytest.mark.django_db


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(autouse=True)
def signing_key(settings: Any) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    settings.AUDIT_EXPORT_SIGNING_KEY = _pem(key)
    return key


@pytest.fixture
def auditor(db: None) -> Any:
    return make_agent(username="audrey", role="auditor")


@pytest.fixture
def exported(ticket: Any, agent: Any, auditor: Any) -> dict[str, Any]:
    """A case with sealed events, an event with a reason, and an event newer than the last seal."""
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    with audit_reason("customer asked twice"):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.OPEN)
    assert audit_seal_pending(settle_seconds=0) is not None
    ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    return export_build(scope=ExportScope(ticket=ticket), actor=auditor)


def _key() -> Ed25519PublicKey:
    return serialization.load_pem_public_key(public_key_pem().encode())  # type: ignore[return-value]


def test_an_untouched_export_verifies(exported):
    problems, notes = verify(exported, _key())
    assert problems == []
    assert notes == ["1 event(s) are newer than the last seal: the signature alone covers them"]


def test_a_changed_event_field_is_named(exported):
    touched = copy.deepcopy(exported)
    touched["events"][0]["after"] = {"status": "solved"}
    problems, _notes = verify(touched, _key())
    event_id = touched["events"][0]["id"]
    assert "signature does not match: the export was changed after it was signed" in problems
    assert f"event {event_id} altered: its fields no longer give its digest" in problems


def test_a_changed_event_with_its_digest_recomputed_still_fails_against_its_seal(exported):
    touched = copy.deepcopy(exported)
    event = touched["events"][0]
    event["actor_label"] = "agent:someone-else"
    event["digest"] = event_digest(event)
    problems, _notes = verify(touched, _key())
    assert f"event {event['id']} altered: it differs from the event its seal covers" in problems


def test_a_removed_event_is_seen(exported):
    touched = copy.deepcopy(exported)
    removed = touched["events"].pop(1)
    problems, _notes = verify(touched, _key())
    assert any("events were exported" in p and "are present" in p for p in problems), problems
    assert "signature does not match: the export was changed after it was signed" in problems
    # Removed from a seal's list as well, the seal no longer recomputes.
    for seal in touched["seals"]:
        seal["events"] = [e for e in seal.get("events", []) if e["id"] != removed["id"]]
    touched["event_count"] -= 1
    problems, _notes = verify(touched, _key())
    assert any(p.startswith("seal ") and "altered" in p for p in problems), problems


def test_a_changed_signature_fails(exported):
    touched = copy.deepcopy(exported)
    value = touched["signature"]["value"]
    touched["signature"]["value"] = ("A" if value[0] != "A" else "B") + value[1:]
    problems, _notes = verify(touched, _key())
    assert problems == ["signature does not match: the export was changed after it was signed"]


def test_an_export_signed_with_another_key_fails(exported, settings):
    other = Ed25519PrivateKey.generate()
    touched = copy.deepcopy(exported)
    touched["events"][0]["reason"] = "rewritten"
    touched["events"][0]["digest"] = event_digest(touched["events"][0])
    import base64

    touched["signature"]["value"] = base64.b64encode(other.sign(signed_bytes(touched))).decode()
    problems, _notes = verify(touched, _key())
    assert "signature does not match: the export was changed after it was signed" in problems
    # And checked with the forger's own key, the signature holds but the key is not the helpdesk's.
    problems, _notes = verify(touched, other.public_key())
    assert any(p.startswith("signed with another key") for p in problems), problems


def test_the_verifier_runs_as_a_command_without_django(exported, tmp_path):
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(exported, indent=1))
    key_file = tmp_path / "key.pem"
    key_file.write_text(public_key_pem())
    # Neither the settings module nor any Django import: the module stands alone.
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(django_settings.BASE_DIR))}
    command = [sys.executable, "-m", "audit.verify_export", str(export_file), "--public-key", str(key_file)]

    ok = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith(f"INTACT: {exported['event_count']} event(s)")

    exported["events"][0]["action"] = "ticket.forged"
    export_file.write_text(json.dumps(exported))
    bad = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1
    assert bad.stdout.startswith("TAMPERED:")
    assert f"event {exported['events'][0]['id']} altered" in bad.stdout


def test_the_verifier_imports_nothing_of_django():
    source = (Path(django_settings.BASE_DIR) / "audit" / "verify_export.py").read_text()
    imported = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imported
    assert not [line for line in imported if "django" in line or "audit" in line or "helpdesk" in line]


def test_the_standalone_digest_is_the_models_for_every_kind_of_event(ticket, agent):
    with audit_reason('a reason with ünïcode and "quotes"'):
        ticket_set_status(ticket=ticket, actor=agent, status=Status.PENDING)
    audit_record(
        action="test.values",
        obj=agent,
        actor_label="system:test",
        before={"n": 1, "f": 1.5, "nested": {"b": [1, None, "x"]}, "when": "2026-01-01T00:00:00+00:00"},
        after=None,
        ip="2001:db8::1",
    )
    audit_record(action="test.empty", obj=agent, reason="")
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) >= 4
    assert any(e.reason for e in events) and any(not e.reason for e in events)
    from audit.export import event_json

    for event in events:
        assert event_digest(event_json(event)) == event.digest()


def test_a_period_over_several_seals_chains_and_a_broken_link_is_named(ticket, agent, auditor):
    for status in (Status.PENDING, Status.OPEN, Status.PENDING):
        ticket_set_status(ticket=ticket, actor=agent, status=status)
        assert audit_seal_pending(settle_seconds=0) is not None
    today = timezone.now().date()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=dt.UTC)
    document = export_build(scope=ExportScope(start=start, end=start + dt.timedelta(days=1)), actor=auditor)
    assert len(document["seals"]) == 3
    assert verify(document, _key()) == ([], [])

    touched = copy.deepcopy(document)
    touched["seals"][1]["previous_digest"] = "0" * 64
    problems, _notes = verify(touched, _key())
    first, second = touched["seals"][0]["id"], touched["seals"][1]["id"]
    assert f"seal {second} does not follow seal {first}: the chain is broken" in problems
    assert f"seal {second}: events" in " ".join(problems)

    touched = copy.deepcopy(document)
    touched["checkpoint"]["head_digest"] = "f" * 64
    problems, _notes = verify(touched, _key())
    head, number = touched["seals"][-1]["id"], touched["checkpoint"]["number"]
    assert f"seal {head} is not the head that checkpoint {number} signed" in problems
