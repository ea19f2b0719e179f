"""Check a signed audit export offline, without the helpdesk:

    python -m audit.verify_export EXPORT.json --public-key KEY.pem

Exit status 0: the export is intact; 1: it was altered, or was not signed with that key (each reason
is printed); 2: the file or the key could not be read. Imports only the standard library and
`cryptography`, so the module can be copied next to an export and run anywhere Python runs.

What is checked (docs/audit.md says what that proves and what it does not):
- the Ed25519 signature over the canonical JSON of everything but the signature;
- every event's digest, recomputed from its fields exactly as audit.models.AuditEvent.digest() does;
- every included seal, recomputed from the digests of all the events it covers, in order;
- that the included seals chain to each other (each one's previous digest is the one before's digest).
"""

import argparse
import base64
import hashlib
import json
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "cryptodesk-audit-export/1"
SIGNATURE_ALG = "Ed25519"
# The fields of an event that its digest covers, as AuditEvent.digest() lists them.
DIGEST_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "ip",
)


def canonical_json(value: Any) -> str:
    """audit.models.canonical_json for plain JSON values (an export holds nothing else)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_digest(event: dict[str, Any]) -> str:
    """AuditEvent.digest() from an exported event's fields; tests keep the two in step."""
    payload = {name: event.get(name) for name in DIGEST_FIELDS}
    # Events written before reasons were recorded were sealed without the key.
    if event.get("reason"):
        payload["reason"] = event["reason"]
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def chain_digest(previous: str, digests: list[str]) -> str:
    """audit.services._chain: a seal's digest over the digests of its events, after the previous seal's."""
    h = hashlib.sha256(previous.encode())
    for digest in digests:
        h.update(digest.encode())
    return h.hexdigest()


def public_key_fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def signed_bytes(document: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in document.items() if k != "signature"}).encode()


def check_signature(document: dict[str, Any], key: Ed25519PublicKey) -> list[str]:
    signature = document.get("signature")
    if not isinstance(signature, dict):
        return ["the export carries no signature"]
    problems = []
    if signature.get("alg") != SIGNATURE_ALG:
        problems.append(f"signature algorithm {signature.get('alg')!r} is not {SIGNATURE_ALG}")
    fingerprint = public_key_fingerprint(key)
    if signature.get("key_fingerprint") != fingerprint:
        problems.append(
            f"signed with another key ({signature.get('key_fingerprint')}), not the one given ({fingerprint})"
        )
    try:
        key.verify(base64.b64decode(str(signature.get("value", "")), validate=True), signed_bytes(document))
    except (InvalidSignature, ValueError):
        problems.append("signature does not match: the export was changed after it was signed")
    return problems


def check_events(document: dict[str, Any]) -> tuple[list[str], dict[int, str]]:
    """Each event's digest recomputed; returns the problems and the recomputed digests by id."""
    problems: list[str] = []
    recomputed: dict[int, str] = {}
    events = document.get("events")
    if not isinstance(events, list):
        return ["the export lists no events"], recomputed
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("id"), int):
            problems.append("an event without an id")
            continue
        digest = event_digest(event)
        recomputed[event["id"]] = digest
        if digest != event.get("digest"):
            problems.append(f"event {event['id']} altered: its fields no longer give its digest")
    if document.get("event_count") != len(events):
        problems.append(
            f"{document.get('event_count')} events were exported, {len(events)} are present "
            "(events removed or added)"
        )
    return problems, recomputed


def check_seals(document: dict[str, Any], recomputed: dict[int, str]) -> tuple[list[str], list[str]]:
    """Recompute each seal over its events' digests and follow the chain; returns problems and notes."""
    problems: list[str] = []
    notes: list[str] = []
    seals = document.get("seals")
    if not isinstance(seals, list):
        return ["the export lists no seals"], notes
    sealed: dict[int, str] = {}
    previous: dict[str, Any] | None = None
    for seal in seals:
        label = f"seal {seal.get('id')}"
        span = f"{seal.get('first_event_id')}..{seal.get('last_event_id')}"
        covered = seal.get("events")
        if isinstance(covered, list):
            ids = [item.get("id") for item in covered]
            digests = [str(item.get("digest")) for item in covered]
            if len(covered) != seal.get("event_count"):
                problems.append(f"{label}: {seal.get('event_count')} events sealed, {len(covered)} listed")
            if ids and (ids[0] != seal.get("first_event_id") or ids[-1] != seal.get("last_event_id")):
                problems.append(f"{label}: its events do not span {span}")
            if chain_digest(str(seal.get("previous_digest")), digests) != seal.get("digest"):
                problems.append(f"{label}: events {span} altered")
            sealed.update(zip(ids, digests, strict=True))
        if previous is not None:
            if seal.get("previous_digest") != previous.get("digest"):
                problems.append(f"{label} does not follow seal {previous.get('id')}: the chain is broken")
            if not isinstance(seal.get("first_event_id"), int) or seal["first_event_id"] <= previous.get(
                "last_event_id", 0
            ):
                problems.append(f"{label} overlaps seal {previous.get('id')}")
        previous = seal
    last_sealed = max((s.get("last_event_id", 0) for s in seals), default=0)
    unsealed = 0
    for event_id, digest in sorted(recomputed.items()):
        if event_id in sealed:
            if sealed[event_id] != digest:
                problems.append(f"event {event_id} altered: it differs from the event its seal covers")
        elif event_id > last_sealed:
            unsealed += 1
        else:
            problems.append(f"event {event_id} is missing from the seal that covers it")
    if unsealed:
        notes.append(f"{unsealed} event(s) are newer than the last seal: the signature alone covers them")
    checkpoint = document.get("checkpoint")
    if isinstance(checkpoint, dict):
        # The checkpoint's MAC needs the helpdesk's SECRET_KEY; what can be checked here is that the
        # head it signed is the seal of that id in this file.
        head = next((s for s in seals if s.get("id") == checkpoint.get("seal_id")), None)
        if head is not None and head.get("digest") != checkpoint.get("head_digest"):
            problems.append(
                f"seal {head.get('id')} is not the head that checkpoint {checkpoint.get('number')} signed"
            )
    return problems, notes


def verify(document: Any, key: Ed25519PublicKey) -> tuple[list[str], list[str]]:
    """(problems, notes): no problems means intact."""
    if not isinstance(document, dict):
        return ["the file is not an audit export"], []
    problems: list[str] = []
    if document.get("format") != FORMAT:
        problems.append(f"format {document.get('format')!r} is not {FORMAT}")
    problems += check_signature(document, key)
    try:
        event_problems, recomputed = check_events(document)
        seal_problems, notes = check_seals(document, recomputed)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        # A hand-edited file whose shape no longer holds: as much a failed check as an altered digest.
        return [*problems, f"the export is malformed: {exc!r}"], []
    return problems + event_problems + seal_problems, notes


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m audit.verify_export",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("export", help="the export's JSON file")
    parser.add_argument(
        "--public-key", required=True, help="the helpdesk's export key (PEM), /audit/export-key.pem"
    )
    args = parser.parse_args(argv)
    try:
        with open(args.export, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"UNREADABLE: {args.export}: {exc}", file=sys.stderr)
        return 2
    try:
        with open(args.public_key, "rb") as f:
            key = load_public_key(f.read())
    except (OSError, ValueError) as exc:
        print(f"UNREADABLE: {args.public_key}: {exc}", file=sys.stderr)
        return 2
    problems, notes = verify(document, key)
    events = document.get("events") if isinstance(document, dict) else None
    count = len(events) if isinstance(events, list) else 0
    if problems:
        print(f"TAMPERED: {len(problems)} problem(s) in {args.export}")
        for line in problems:
            print(f"  - {line}")
        return 1
    seals = document.get("seals") or []
    print(f"INTACT: {count} event(s), {len(seals)} seal(s), signature by {document['signature']['key_id']}")
    for line in notes:
        print(f"  note: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
