"""The reference exchange's API: docs/exchange-api.yaml, served from its own tables.

Every endpoint checks the request's signature first (auth.verify_signed_request). Errors are RFC 9457
problem documents; nothing here answers 500 to a malformed request.
"""

import hashlib
import json
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from exchange.client import IDEMPOTENCY_HEADER
from exchange.reference import models as m
from exchange.reference.auth import Refused, verify_signed_request
from exchange.reference.scenario import normalise_tx_hash
from exchange.types import IDENTITY_KINDS, identity_normalise

PROBLEM_BASE = "https://cryptodesk.example/problems/exchange/"
ACTIONS = ("unlock-withdrawals", "reset-2fa", "change-email", "revoke-api-keys", "raise-withdrawal-limit")
MAX_APPROVERS = 3
View = Callable[..., HttpResponse]


def problem(status: int, slug: str, title: str, detail: str = "", **headers: str) -> HttpResponse:
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail or title}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def enabled() -> bool:
    return bool(getattr(settings, "REFERENCE_EXCHANGE_ENABLED", True))


def signed(methods: tuple[str, ...]) -> Callable[[View], View]:
    """Only these methods, only when enabled, only with a valid signature; 404 for an unknown account."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not enabled():
                raise Http404(_("The reference exchange is off."))
            if request.method not in methods:
                return problem(405, "method-not-allowed", "Method not allowed.", Allow=", ".join(methods))
            try:
                request.exchange_key_id = verify_signed_request(request)  # type: ignore[attr-defined]
            except Refused as refused:
                return problem(401, refused.problem, "Request refused.", refused.detail)
            faulty = _fault()
            if faulty is not None:
                return faulty
            try:
                return view(request, *args, **kwargs)
            except m.Account.DoesNotExist:
                return problem(
                    404, "unknown-account", "No such account.", "The exchange has no such account."
                )
            except BadRequest as bad:
                return problem(400, "bad-request", "Bad request.", str(bad))

        return wrapped

    return decorate


class BadRequest(Exception):
    pass


def _fault() -> HttpResponse | None:
    """The misbehaviour a scenario asked for (scenario.set_fault), once per signed request."""
    fault = m.Fault.objects.filter(remaining__gt=0).first()
    if fault is None:
        return None
    if not m.Fault.objects.filter(pk=fault.pk, remaining__gt=0).update(remaining=F("remaining") - 1):
        return None
    mode = m.Fault.Mode
    if fault.mode == mode.SLOW:
        time.sleep(fault.delay_seconds)
        return None
    if fault.mode == mode.UNAVAILABLE:
        return problem(503, "unavailable", "Service unavailable.", "The exchange is under maintenance.")
    if fault.mode == mode.MALFORMED_JSON:
        return HttpResponse(b'{"external_id": "EX-1", "vip_level": ', content_type="application/json")
    if fault.mode == mode.WRONG_SHAPE:
        return JsonResponse({"data": [1, 2, 3], "vip_level": 7})
    return HttpResponse(b"<html><body>502 Bad Gateway</body></html>", content_type="text/html")


def _amount(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _limit(request: HttpRequest, default: int = 20) -> int:
    raw = request.GET.get("limit", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise BadRequest("limit must be a whole number from 1 to 100.")
    return int(raw)


def _account(external_id: str) -> m.Account:
    return m.Account.objects.get(external_id=external_id)


def account_json(account: m.Account) -> dict[str, Any]:
    return {
        "external_id": account.external_id,
        "vip_level": account.vip_level,
        "kyc_level": account.kyc_level,
        "flags": [str(f) for f in account.flags],
        "withdrawals_locked": account.withdrawals_locked,
        "lock_reason": account.lock_reason,
    }


def transfer_json(t: m.Transfer) -> dict[str, Any]:
    return {
        "id": t.public_id,
        "direction": t.direction,
        "asset": t.asset,
        "network": t.network,
        "amount": _amount(t.amount),
        "address": t.address,
        "memo": t.memo,
        "tx_hash": t.tx_hash,
        "status": t.status,
        "confirmations": t.confirmations,
        "required_confirmations": t.required_confirmations,
        "created_at": _time(t.created_at),
        "updated_at": _time(t.updated_at),
        "completed_at": _time(t.completed_at),
    }


@signed(("GET",))
def account(request: HttpRequest, external_id: str) -> HttpResponse:
    return JsonResponse(account_json(_account(external_id)))


@signed(("GET",))
def transfers(request: HttpRequest, external_id: str) -> HttpResponse:
    limit = _limit(request)
    direction = request.GET.get("direction", "")
    if direction not in ("", "deposit", "withdrawal"):
        raise BadRequest("direction must be deposit or withdrawal.")
    acc = _account(external_id)
    rows = acc.transfers.all()
    if direction:
        rows = rows.filter(direction=direction)
    return JsonResponse({"transfers": [transfer_json(t) for t in rows[:limit]]})


@signed(("GET",))
def transfer_by_hash(request: HttpRequest, external_id: str, tx_hash: str) -> HttpResponse:
    if not 1 <= len(tx_hash) <= 128:
        raise BadRequest("tx_hash must be 1 to 128 characters.")
    acc = _account(external_id)
    found = acc.transfers.filter(tx_hash=normalise_tx_hash(tx_hash)).first()
    return JsonResponse({"transfer": transfer_json(found) if found else None})


@signed(("GET",))
def deposit_addresses(request: HttpRequest, external_id: str) -> HttpResponse:
    acc = _account(external_id)
    rows = [
        {"asset": a.asset, "network": a.network, "address": a.address, "memo": a.memo}
        for a in acc.deposit_addresses.all()
    ]
    return JsonResponse({"deposit_addresses": rows})


@signed(("GET",))
def security_events(request: HttpRequest, external_id: str) -> HttpResponse:
    limit = _limit(request)
    acc = _account(external_id)
    rows = [
        {"kind": e.kind, "at": _time(e.at), "detail": e.detail} for e in acc.security_events.all()[:limit]
    ]
    return JsonResponse({"security_events": rows})


@signed(("GET",))
def assets(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "asset": a.asset,
            "network": a.network,
            "contract_address": a.contract_address,
            "memo_required": a.memo_required,
            "min_deposit": _amount(a.min_deposit),
            "min_withdrawal": _amount(a.min_withdrawal),
            "confirmations_required": a.confirmations_required,
            "deposits_enabled": a.deposits_enabled,
            "withdrawals_enabled": a.withdrawals_enabled,
        }
        for a in m.AssetNetwork.objects.all()
    ]
    return JsonResponse({"assets": rows})


@signed(("GET",))
def network_status(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "network": n.network,
            "congested": n.congested,
            "deposits_suspended": n.deposits_suspended,
            "withdrawals_suspended": n.withdrawals_suspended,
            "message": n.message,
            "updated_at": _time(n.updated_at),
        }
        for n in m.NetworkStatus.objects.all()
    ]
    return JsonResponse({"networks": rows})


@signed(("GET",))
def identity(request: HttpRequest, kind: str, value: str) -> HttpResponse:
    if kind not in IDENTITY_KINDS:
        raise BadRequest(f"kind must be one of {', '.join(IDENTITY_KINDS)}.")
    normalised = identity_normalise(kind, value)
    if not normalised:
        raise BadRequest("value is not a phone number in E.164 or a numeric user id.")
    found = (
        m.VerifiedIdentity.objects.filter(kind=kind, value=normalised)
        .values_list("account__external_id", flat=True)
        .first()
    )
    return JsonResponse({"external_id": found})


def _action_body(request: HttpRequest, action: str) -> dict[str, Any]:
    if "json" not in (request.content_type or ""):
        raise BadRequest("Send the action as application/json.")
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The body is not JSON.") from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    reason = body.get("reason")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 1000:
        raise BadRequest("reason must be 1 to 1000 characters.")
    approvers = body.get("approver_ids")
    if (
        not isinstance(approvers, list)
        or not 2 <= len(approvers) <= MAX_APPROVERS
        or not all(isinstance(a, str) and 0 < len(a) <= 64 for a in approvers)
        or len(set(approvers)) != len(approvers)
    ):
        raise BadRequest("approver_ids must name two or three different people.")
    out: dict[str, Any] = {"reason": reason.strip(), "approver_ids": approvers}
    if action == "change-email":
        new_email = body.get("new_email")
        try:
            validate_email(new_email)
        except ValidationError:
            raise BadRequest("new_email must be an email address.") from None
        out["new_email"] = new_email
    if action == "raise-withdrawal-limit":
        out.update(_limit_body(body))
    return out


def _limit_body(body: dict[str, Any]) -> dict[str, str]:
    raw = body.get("new_limit")
    try:
        limit = Decimal(raw) if isinstance(raw, str) and raw.strip() else None
    except ArithmeticError:
        limit = None
    if limit is None or not limit.is_finite() or limit <= 0:
        raise BadRequest("new_limit must be a positive decimal amount as a string.")
    currency = body.get("currency")
    if (
        not isinstance(currency, str)
        or len(currency) != 3
        or not currency.isascii()
        or not currency.isupper()
    ):
        raise BadRequest("currency must be a three-letter code in capitals, such as USD.")
    return {"new_limit": _amount(limit), "currency": currency}


def _apply(acc: m.Account, action: str, body: dict[str, Any]) -> None:
    if action == "unlock-withdrawals":
        acc.withdrawals_locked = False
        acc.lock_reason = ""
        acc.flags = [f for f in acc.flags if f != "withdrawals_locked"]
        acc.save(update_fields=["withdrawals_locked", "lock_reason", "flags"])
    elif action == "reset-2fa":
        m.SecurityEvent.objects.create(account=acc, kind="2fa_changed", detail="2FA reset by support")
    elif action == "change-email":
        acc.email = body["new_email"]
        acc.save(update_fields=["email"])
        m.SecurityEvent.objects.create(account=acc, kind="email_changed", detail="Email changed by support")
    # revoke-api-keys: the reference exchange issues no keys of its own; the action is recorded.
    # raise-withdrawal-limit: the limit is kept in the action's detail (the account has no limit field).


@signed(("POST",))
def action(request: HttpRequest, external_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return problem(404, "unknown-action", "No such action.", f"Actions: {', '.join(ACTIONS)}.")
    key = str(request.headers.get(IDEMPOTENCY_HEADER, "")).strip()
    if not 1 <= len(key) <= 128:
        raise BadRequest(f"{IDEMPOTENCY_HEADER} must be 1 to 128 characters.")
    body = _action_body(request, action)
    acc = _account(external_id)
    digest = hashlib.sha256(json.dumps([external_id, action, body], sort_keys=True).encode()).hexdigest()
    key_id = request.exchange_key_id  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            done = m.Action.objects.create(
                key_id=key_id,
                idempotency_key=key,
                request_digest=digest,
                account=acc,
                kind=action,
                reason=body["reason"],
                approver_ids=body["approver_ids"],
                detail={k: body[k] for k in ("new_limit", "currency") if k in body},
            )
            _apply(acc, action, body)
        replayed = False
    except IntegrityError:
        done = m.Action.objects.get(key_id=key_id, idempotency_key=key)
        if done.request_digest != digest:
            return problem(
                409,
                "idempotency-key-reused",
                "Idempotency key reused.",
                "This key was used for a different request.",
            )
        replayed = True
    return JsonResponse({"action_id": f"act_{done.pk}", "status": "done", "replayed": replayed})
