"""Every write of two-person approval: request, decide, cancel, execute, expire, and policy edits.

Contract (implemented by the approvals core; views, API, tasks and tests call only these):
each runs in one transaction, writes the ticket's timeline event and the audit record, and queues
its side effects (the execution task, the customer's notice, realtime events) with on_commit.

Execution is the one place that talks to the exchange, and never while holding a row lock: a short
transaction claims the request (attempts + 1, a claim time in `result`), the connector is called, and a
second short transaction records what came back. The idempotency key makes a repeat harmless at the
exchange; the claim makes a second worker stand aside while one is sending.
"""

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from approvals.access import decide_refusal, may_cancel, may_request
from approvals.models import (
    OPEN_STATUSES,
    ActionKind,
    ApprovalDecision,
    ApprovalPolicy,
    ApprovalRequest,
    Evidence,
    RequestStatus,
    RiskLevel,
    RiskTrigger,
    Verdict,
)
from approvals.signals import request_created, request_decided
from audit.services import audit_record, config_change_record
from customers.models import Customer, VipLevel
from tickets.models import Ticket
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)

# A claimed execution is left alone this long by other workers and the sweep: longer than the connector
# can take to answer (connect + read timeouts) with a wide margin.
CLAIM_SECONDS = 300
# An action whose outcome was unknown is sent again (same idempotency key) after 30 s, 60 s, 120 s...
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 900
MAX_REASON = 1000
MAX_EXPIRY_HOURS = 720
MAX_COOLING_OFF_HOURS = 168
POLICY_FIELDS = ("enabled", "evidence", "approvers_required", "in_house_only", "cooling_off_hours")
POLICY_FIELDS_ALL = (*POLICY_FIELDS, "expires_after_hours")


class ApprovalRefused(Exception):
    """A request or a decision the rules do not allow; `message` says why, for the person who tried."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Policies ------------------------------------------------------------------------------------

E = Evidence
# The built-in policy of each action, for levels without a saved one. An evidence item that is a list
# is "any one of these". Taking over an account (2FA, email) needs the strongest proof and in-house
# eyes; revoking API keys only protects the customer, so partners may approve it and it runs at once.
DEFAULT_POLICIES: dict[str, dict[str, Any]] = {
    ActionKind.RESET_2FA: {
        "evidence": [E.ID_REVERIFIED, E.SELFIE_LIVENESS, E.REGISTERED_EMAIL_CONFIRMED],
        "approvers_required": 1,
        "in_house_only": True,
        "cooling_off_hours": 0,
        "expires_after_hours": 48,
    },
    ActionKind.CHANGE_EMAIL: {
        "evidence": [E.ID_REVERIFIED, E.SELFIE_LIVENESS, E.NEW_EMAIL_VERIFIED],
        "approvers_required": 1,
        "in_house_only": True,
        "cooling_off_hours": 24,
        "expires_after_hours": 48,
    },
    ActionKind.UNLOCK_WITHDRAWALS: {
        "evidence": [[E.REGISTERED_PHONE_CALLBACK, E.ID_REVERIFIED]],
        "approvers_required": 1,
        "in_house_only": True,
        "cooling_off_hours": 0,
        "expires_after_hours": 48,
    },
    ActionKind.RAISE_WITHDRAWAL_LIMIT: {
        "evidence": [E.SOURCE_OF_FUNDS],
        "approvers_required": 1,
        "in_house_only": True,
        "cooling_off_hours": 0,
        "expires_after_hours": 72,
    },
    ActionKind.REVOKE_API_KEYS: {
        "evidence": [],
        "approvers_required": 1,
        "in_house_only": False,
        "cooling_off_hours": 0,
        "expires_after_hours": 24,
    },
}
# The highest tiers move the most money: a second approver for a higher limit.
DEFAULT_LEVEL_OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {
    (ActionKind.RAISE_WITHDRAWAL_LIMIT, VipLevel.VIP3): {"approvers_required": 2},
    (ActionKind.RAISE_WITHDRAWAL_LIMIT, VipLevel.INSTITUTIONAL): {"approvers_required": 2},
}


def _default_policy(action: str, vip_level: str) -> ApprovalPolicy:
    fields = {**DEFAULT_POLICIES[action], **DEFAULT_LEVEL_OVERRIDES.get((action, vip_level), {})}
    evidence = [
        [str(v) for v in item] if isinstance(item, list) else str(item) for item in fields["evidence"]
    ]
    return ApprovalPolicy(
        action=action, vip_level=vip_level, enabled=True, **{**fields, "evidence": evidence}
    )


def _check_action(action: str) -> None:
    if action not in ActionKind.values:
        raise ApprovalRefused(
            _("Unknown action %(action)s; one of: %(all)s.")
            % {"action": action, "all": ", ".join(ActionKind.values)},
            code="unknown_action",
        )


def approval_policy_for(*, action: str, vip_level: str) -> ApprovalPolicy:
    """The policy for `action` at `vip_level`: its own, else the every-level one, else the built-in
    default (unsaved)."""
    _check_action(action)
    rows = {
        p.vip_level: p for p in ApprovalPolicy.objects.filter(action=action, vip_level__in=[vip_level, ""])
    }
    return rows.get(vip_level) or rows.get("") or default_policy(action=action, vip_level=vip_level)


def default_policy(*, action: str, vip_level: str) -> ApprovalPolicy:
    """The built-in policy (unsaved) for `action` at `vip_level`, for when no row says otherwise."""
    _check_action(action)
    return _default_policy(action, vip_level)


def evidence_groups(required: Sequence[Any]) -> list[list[str]]:
    """The policy's evidence as groups, each satisfied by any one of its members."""
    return [[str(v) for v in item] if isinstance(item, list) else [str(item)] for item in required]


def evidence_label(item: Any) -> str:
    """ "ID re-verified" or "Called back on the registered phone, or ID re-verified" for a group."""
    labels = dict(Evidence.choices)
    names = [str(labels.get(value, value)) for value in evidence_groups([item])[0]]
    return _(", or ").join(names)


def evidence_missing(required: Sequence[Any], given: Mapping[str, bool]) -> list[Any]:
    """The required items (values or any-of groups) that `given` does not tick."""
    return [
        item
        for item, group in zip(required, evidence_groups(required), strict=True)
        if not any(given.get(value) is True for value in group)
    ]


def _policy_as_dict(policy: ApprovalPolicy) -> dict[str, Any]:
    return {field: getattr(policy, field) for field in POLICY_FIELDS_ALL}


def approval_policy_check(fields: Mapping[str, Any]) -> None:
    """ValidationError (per field) when a policy's fields are out of bounds; the admin's form asks too."""
    errors: dict[str, list[str]] = {}
    evidence = fields["evidence"]
    if not isinstance(evidence, list):
        errors["evidence"] = [_("Evidence must be a list.")]
    else:
        for item in evidence:
            group = item if isinstance(item, list) else [item]
            unknown = [str(v) for v in group if not isinstance(v, str) or v not in Evidence.values]
            if unknown or not group:
                errors.setdefault("evidence", []).append(
                    _("Unknown evidence %(values)s; choose from: %(all)s.")
                    % {"values": ", ".join(unknown) or "[]", "all": ", ".join(Evidence.values)}
                )
    ranges = {
        "approvers_required": (1, 2, _("Approvers required must be 1 or 2.")),
        "expires_after_hours": (1, MAX_EXPIRY_HOURS, _("Expiry must be from 1 to 720 hours.")),
        "cooling_off_hours": (0, MAX_COOLING_OFF_HOURS, _("Cooling-off must be from 0 to 168 hours.")),
    }
    for field, (low, high, message) in ranges.items():
        value = fields[field]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[field] = [message]
    for field in ("enabled", "in_house_only"):
        if not isinstance(fields[field], bool):
            errors[field] = [_("Must be true or false.")]
    if errors:
        raise ValidationError(errors)


def approval_policy_save(*, actor: User, action: str, vip_level: str, **fields: Any) -> ApprovalPolicy:
    """Create or change a policy, validated, with the audit record (a diff)."""
    if action not in ActionKind.values:
        raise ValidationError({"action": [_("Unknown action.")]})
    if vip_level not in ("", *VipLevel.values):
        raise ValidationError({"vip_level": [_("Unknown VIP level.")]})
    unknown = sorted(set(fields) - set(POLICY_FIELDS_ALL))
    if unknown:
        raise ValidationError(_("Unknown policy fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    with transaction.atomic():
        policy = ApprovalPolicy.objects.select_for_update().filter(action=action, vip_level=vip_level).first()
        before = _policy_as_dict(policy) if policy is not None else None
        if policy is None:
            # A new row starts from what applied until now, so saving one field changes only that field.
            base = approval_policy_for(action=action, vip_level=vip_level)
            policy = ApprovalPolicy(action=action, vip_level=vip_level, **_policy_as_dict(base))
        for field, value in fields.items():
            setattr(policy, field, value)
        approval_policy_check(_policy_as_dict(policy))
        policy.evidence = [list(item) if isinstance(item, list) else item for item in policy.evidence]
        policy.save()
        config_change_record(actor=actor, obj=policy, before=before, after=_policy_as_dict(policy))
    return policy


# --- Requests ------------------------------------------------------------------------------------

CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_LIMIT = Decimal("1e15")


def _clean_params(action: str, params: Mapping[str, str], customer: Customer) -> dict[str, str]:
    if action == ActionKind.CHANGE_EMAIL:
        new_email = str(params.get("new_email") or "").strip()
        try:
            validate_email(new_email)
        except ValidationError:
            raise ApprovalRefused(_("Give the new email address."), code="invalid_params") from None
        if len(new_email) > 254:
            raise ApprovalRefused(_("The new email address is too long."), code="invalid_params")
        if customer.email and new_email.casefold() == customer.email.casefold():
            raise ApprovalRefused(
                _("The new email address is the customer's current one."), code="invalid_params"
            )
        return {"new_email": new_email}
    if action == ActionKind.RAISE_WITHDRAWAL_LIMIT:
        raw = str(params.get("new_limit") or "").strip().replace(",", "")
        try:
            limit = Decimal(raw)
        except InvalidOperation:
            limit = Decimal("NaN")
        if not limit.is_finite() or limit <= 0 or limit >= MAX_LIMIT:
            raise ApprovalRefused(_("The new limit must be a positive amount."), code="invalid_params")
        currency = str(params.get("currency") or "").strip().upper()
        if not CURRENCY.match(currency):
            raise ApprovalRefused(
                _("The currency must be a three-letter code such as USD."), code="invalid_params"
            )
        return {"new_limit": format(limit.normalize(), "f"), "currency": currency}
    return {}


def _risk_assess(ticket: Ticket, now: dt.datetime) -> Any:
    # Imported here: risk assessment is its own module, and it reads the exchange.
    from approvals.risk import risk_assess

    return risk_assess(ticket=ticket, trigger=RiskTrigger.ACTION_REQUEST, now=now)


def _open_request_exists(customer_id: int, action: str) -> bool:
    return ApprovalRequest.objects.filter(
        customer_id=customer_id, action=action, status__in=OPEN_STATUSES
    ).exists()


def approval_request_create(
    *,
    ticket: Ticket,
    actor: User,
    action: str,
    reason: str,
    evidence: Mapping[str, bool],
    params: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """The maker's request. Assesses risk (approvals.risk.risk_assess, trigger action_request),
    snapshots the policy (raised by high risk), refuses with ApprovalRefused when evidence is missing,
    the action is disabled, params are invalid, or an open request for the same action exists."""
    now = now or timezone.now()
    _check_action(action)
    if not may_request(actor, ticket):
        raise ApprovalRefused(_("You may not request actions on this ticket."), code="no_permission")
    customer = ticket.customer
    if not customer.external_id:
        raise ApprovalRefused(_("The customer has no exchange account on record."), code="no_account")
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalRefused(_("Say why the action is needed."), code="invalid_reason")
    if len(reason) > MAX_REASON:
        raise ApprovalRefused(_("The reason must be at most 1000 characters."), code="invalid_reason")
    policy = approval_policy_for(action=action, vip_level=customer.vip_level)
    if not policy.enabled:
        raise ApprovalRefused(_("This action may not be requested for this customer."), code="disabled")
    clean = _clean_params(action, params or {}, customer)
    ticked = {str(k): v is True for k, v in evidence.items() if k in Evidence.values}
    missing = evidence_missing(policy.evidence, ticked)
    if missing:
        raise ApprovalRefused(
            _("Evidence missing: %(items)s.")
            % {"items": "; ".join(evidence_label(item) for item in missing)},
            code="evidence_missing",
        )
    if _open_request_exists(customer.pk, action):
        raise ApprovalRefused(
            _("A request for this action is already open for this customer."), code="duplicate"
        )
    # Before the transaction: the assessment reads the exchange, which can take seconds.
    assessment = _risk_assess(ticket, now)
    high = assessment.level == RiskLevel.HIGH
    cooling = policy.cooling_off_hours
    if high:
        cooling = max(cooling, settings.APPROVALS_HIGH_RISK_COOLING_OFF_HOURS)
    with transaction.atomic():
        # The customer's row serialises requests for them: two makers at once cannot both open one.
        Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk").first()
        if _open_request_exists(customer.pk, action):
            raise ApprovalRefused(
                _("A request for this action is already open for this customer."), code="duplicate"
            )
        request = ApprovalRequest.objects.create(
            ticket=ticket,
            customer=customer,
            action=action,
            params=clean,
            reason=reason,
            evidence=ticked,
            evidence_required=policy.evidence,
            requested_by=actor,
            created_at=now,
            expires_at=now + dt.timedelta(hours=policy.expires_after_hours),
            approvers_required=policy.approvers_required,
            in_house_only=policy.in_house_only or high,
            needs_security_team=high,
            cooling_off_until=now + dt.timedelta(hours=cooling) if cooling else None,
            risk=assessment if assessment.pk else None,
            risk_level=assessment.level,
        )
        timeline_event_add(
            ticket,
            "approval_requested",
            actor=actor,
            request=request.pk,
            action=action,
            risk=assessment.level,
        )
        audit_record(
            action="approvals.request.created",
            obj=request,
            actor=actor,
            after={
                "action": action,
                "params": clean,
                "evidence": ticked,
                "risk": assessment.level,
                "approvers_required": request.approvers_required,
                "needs_security_team": high,
            },
            reason=reason,
        )
        _send_on_commit(request_created, request_id=request.pk)
    return request


def _send_on_commit(signal: Signal, **kwargs: Any) -> None:
    if signal.has_listeners():
        # robust: the request is stored; a failing listener loses only its own side effect.
        transaction.on_commit(lambda: signal.send(sender=None, **kwargs), robust=True)


# --- Decisions -----------------------------------------------------------------------------------


def _locked(pk: int) -> ApprovalRequest:
    return ApprovalRequest.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=pk)


def approval_decide(
    *,
    request: ApprovalRequest,
    actor: User,
    approve: bool,
    note: str = "",
    second_factor: str = "",
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """A checker's verdict. Refuses self-approval, a second verdict by the same person, approvers
    without `approvals.approve_<action>`, partner agents where in-house only, anyone outside the
    security team when it is needed, and decisions on closed or expired requests. The last approval
    needed queues the execution (after any cooling-off); one rejection closes the request."""
    now = now or timezone.now()
    note = (note or "").strip()[:2000]
    with transaction.atomic():
        # Under the row lock: of two approvers at once, the second sees the first's verdict.
        locked = _locked(request.pk)
        refusal = decide_refusal(actor, locked, approve=approve, now=now)
        if refusal is not None:
            raise ApprovalRefused(refusal.message, code=refusal.code)
        verdict = Verdict.APPROVE if approve else Verdict.REJECT
        ApprovalDecision.objects.create(
            request=locked,
            approver=actor,
            verdict=verdict,
            note=note,
            second_factor=(second_factor or "")[:100],
            created_at=now,
        )
        before = {"status": locked.status}
        fields = []
        if not approve:
            locked.status = RequestStatus.REJECTED
            locked.decided_at = now
            fields = ["status", "decided_at"]
        else:
            approvals = ApprovalDecision.objects.filter(request=locked, verdict=Verdict.APPROVE).count()
            if approvals >= locked.approvers_required:
                locked.status = RequestStatus.APPROVED
                locked.decided_at = now
                fields = ["status", "decided_at"]
        if fields:
            locked.save(update_fields=fields)
        timeline_event_add(
            locked.ticket,
            "approval_approved" if approve else "approval_rejected",
            actor=actor,
            request=locked.pk,
            action=locked.action,
            status=locked.status,
            **({"note": note} if note else {}),
        )
        audit_record(
            action=f"approvals.request.{'approved' if approve else 'rejected'}",
            obj=locked,
            actor=actor,
            before=before,
            after={"status": locked.status, "verdict": verdict, "second_factor": bool(second_factor)},
            reason=note,
        )
        if locked.status == RequestStatus.APPROVED:
            _queue_execution(locked, now)
        _send_on_commit(request_decided, request_id=locked.pk, actor_id=actor.pk, status=locked.status)
    return locked


def _queue_execution(request: ApprovalRequest, now: dt.datetime) -> None:
    from approvals.tasks import approval_execute_task

    pk, until = request.pk, request.cooling_off_until

    def send() -> None:
        try:
            if until is not None and until > now:
                approval_execute_task.apply_async(args=(pk,), eta=until)
            else:
                approval_execute_task.delay(pk)
        except Exception:
            # The broker is away: the sweep (approvals_due_sweep) queues it on its next round.
            logger.warning("approval %s: could not queue the execution", pk, exc_info=True)

    transaction.on_commit(send)


def approval_cancel(*, request: ApprovalRequest, actor: User, note: str = "") -> ApprovalRequest:
    """The maker (or a supervisor) calls a request back while it waits; not once it went to the exchange."""
    note = (note or "").strip()[:2000]
    with transaction.atomic():
        locked = _locked(request.pk)
        if not may_cancel(actor, locked):
            raise ApprovalRefused(
                _("This request can no longer be cancelled by you."), code="not_cancellable"
            )
        before = {"status": locked.status}
        locked.status = RequestStatus.CANCELLED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        timeline_event_add(
            locked.ticket,
            "approval_cancelled",
            actor=actor,
            request=locked.pk,
            action=locked.action,
            **({"note": note} if note else {}),
        )
        audit_record(
            action="approvals.request.cancelled",
            obj=locked,
            actor=actor,
            before=before,
            after={"status": locked.status},
            reason=note,
        )
    return locked


# --- Execution -----------------------------------------------------------------------------------


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)))


def _result_time(request: ApprovalRequest, key: str) -> dt.datetime | None:
    raw = (request.result or {}).get(key)
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(str(raw))
    except ValueError:
        return None


def next_attempt_at(request: ApprovalRequest) -> dt.datetime | None:
    """When an approved request may be sent (again): after its cooling-off, after the backoff of an
    unknown outcome, and after another worker's claim has lapsed."""
    if request.status != RequestStatus.APPROVED:
        return None
    claimed = _result_time(request, "claimed_at")
    times = [
        request.cooling_off_until,
        _result_time(request, "retry_at"),
        claimed + dt.timedelta(seconds=CLAIM_SECONDS) if claimed else None,
    ]
    return max((t for t in times if t is not None), default=request.decided_at or timezone.now())


def _due(request: ApprovalRequest, now: dt.datetime) -> bool:
    at = next_attempt_at(request)
    return at is not None and at <= now


def _claim(pk: int, now: dt.datetime) -> ApprovalRequest | None:
    with transaction.atomic():
        request = _locked(pk)
        if not _due(request, now):
            return None
        request.attempts += 1
        request.result = {"claimed_at": now.isoformat()}
        request.save(update_fields=["attempts", "result"])
    return request


def _approver_ids(request: ApprovalRequest) -> tuple[str, ...]:
    """The maker first, then each approver: the exchange wants at least two different people."""
    names = list(
        ApprovalDecision.objects.filter(request=request, verdict=Verdict.APPROVE)
        .order_by("created_at", "id")
        .values_list("approver__username", flat=True)
    )
    maker = User.objects.filter(pk=request.requested_by_id).values_list("username", flat=True).get()
    return (maker, *names)


def _send(request: ApprovalRequest) -> Any:
    from exchange.client import exchange_client

    client = exchange_client()
    common: dict[str, Any] = {
        "reason": request.reason[:MAX_REASON],
        "approver_ids": _approver_ids(request),
        "idempotency_key": request.idempotency_key,
    }
    external_id = request.customer.external_id
    calls: dict[str, Callable[[], Any]] = {
        ActionKind.UNLOCK_WITHDRAWALS: lambda: client.unlock_withdrawals(external_id, **common),
        ActionKind.RESET_2FA: lambda: client.reset_2fa(external_id, **common),
        ActionKind.REVOKE_API_KEYS: lambda: client.revoke_api_keys(external_id, **common),
        ActionKind.CHANGE_EMAIL: lambda: client.change_email(
            external_id, new_email=request.params["new_email"], **common
        ),
        ActionKind.RAISE_WITHDRAWAL_LIMIT: lambda: client.raise_withdrawal_limit(
            external_id, new_limit=request.params["new_limit"], currency=request.params["currency"], **common
        ),
    }
    return calls[request.action]()


def approval_execute(*, pk: int, now: dt.datetime | None = None) -> ApprovalRequest | None:
    """Run an approved request's action through the connector, exactly once (the idempotency key),
    record the result, tell the customer in their language; an unknown outcome is retried with the
    same key, a refusal or the last attempt marks it failed, visibly.

    Returns the request as recorded, or None when there was nothing to do (not approved, cooling off,
    or another worker is sending it). A request left APPROVED with `last_error` set is to be retried."""
    from exchange.errors import ExchangeActionError

    now = now or timezone.now()
    claimed = _claim(pk, now)
    if claimed is None:
        return None
    try:
        outcome = _send(claimed)
    except ExchangeActionError as exc:
        # A 4xx is the exchange's definite no; no answer, a 5xx or a refused connection may be retried.
        definite = exc.status is not None and 400 <= exc.status < 500
        return _record_failure(pk, exc.message, final=definite, now=now)
    except Exception as exc:
        logger.exception("approval %s: the connector failed", pk)
        return _record_failure(pk, f"{type(exc).__name__}: {exc}"[:500], final=True, now=now)
    request = _record_success(pk, outcome, now=now)
    if request is not None:
        try:
            approval_customer_notify(pk=pk)
        except Exception:
            # The action is done and recorded; the due sweep sends the notice on its next round.
            logger.exception("approval %s: the customer's notice failed", pk)
    return request


def _record_success(pk: int, outcome: Any, *, now: dt.datetime) -> ApprovalRequest | None:
    with transaction.atomic():
        request = _locked(pk)
        if request.status != RequestStatus.APPROVED:
            return None
        request.status = RequestStatus.EXECUTED
        request.executed_at = timezone.now()
        request.last_error = ""
        request.result = {
            "action_id": outcome.action_id,
            "status": outcome.status,
            "replayed": outcome.replayed,
        }
        request.save(update_fields=["status", "executed_at", "last_error", "result"])
        timeline_event_add(
            request.ticket,
            "approval_executed",
            request=request.pk,
            action=request.action,
            action_id=outcome.action_id,
        )
        audit_record(
            action="approvals.request.executed",
            obj=request,
            actor_label="system:approvals",
            before={"status": RequestStatus.APPROVED},
            after={"status": request.status, "result": request.result, "attempts": request.attempts},
        )
    return request


def _record_failure(pk: int, error: str, *, final: bool, now: dt.datetime) -> ApprovalRequest | None:
    with transaction.atomic():
        request = _locked(pk)
        if request.status != RequestStatus.APPROVED:
            return None
        final = final or request.attempts >= settings.APPROVALS_EXECUTE_ATTEMPTS
        request.last_error = error[:1000]
        request.result = {} if final else {"retry_at": (now + retry_delay(request.attempts)).isoformat()}
        fields = ["last_error", "result"]
        if final:
            request.status = RequestStatus.FAILED
            request.executed_at = timezone.now()
            fields += ["status", "executed_at"]
        request.save(update_fields=fields)
        timeline_event_add(
            request.ticket,
            "approval_failed" if final else "approval_retrying",
            request=request.pk,
            action=request.action,
            attempt=request.attempts,
            error=request.last_error,
        )
        if final:
            audit_record(
                action="approvals.request.failed",
                obj=request,
                actor_label="system:approvals",
                before={"status": RequestStatus.APPROVED},
                after={"status": request.status, "error": request.last_error, "attempts": request.attempts},
            )
    return request


def approval_customer_notify(*, pk: int) -> bool:
    """The customer's notice of an executed action, in their language, once. True when sent now."""
    from approvals.notices import notice_post

    with transaction.atomic():
        request = (
            ApprovalRequest.objects.select_for_update(of=("self",))
            .select_related("ticket", "customer")
            .get(pk=pk)
        )
        if request.status != RequestStatus.EXECUTED or request.customer_notified_at is not None:
            return False
        if (request.result or {}).get("notice_skipped"):
            return False
        skipped = notice_post(request)
        if skipped:
            request.result = {**request.result, "notice_skipped": skipped}
            request.save(update_fields=["result"])
            return False
        request.customer_notified_at = timezone.now()
        request.save(update_fields=["customer_notified_at"])
    return True


# --- Sweeps --------------------------------------------------------------------------------------


def approvals_expire_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Expire pending requests past their expiry; run twice or by two workers, acts once."""
    now = now or timezone.now()
    due = list(
        ApprovalRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            request = (
                ApprovalRequest.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("ticket")
                .filter(pk=pk, status=RequestStatus.PENDING, expires_at__lte=now)
                .first()
            )
            if request is None:
                continue
            request.status = RequestStatus.EXPIRED
            request.decided_at = now
            request.save(update_fields=["status", "decided_at"])
            timeline_event_add(request.ticket, "approval_expired", request=request.pk, action=request.action)
            audit_record(
                action="approvals.request.expired",
                obj=request,
                actor_label="system:approvals",
                before={"status": RequestStatus.PENDING},
                after={"status": request.status},
            )
            done += 1
    return done


def approvals_due_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """The approved requests whose cooling-off is over and that nobody is sending (a task lost on its way
    to a worker, a worker restarted, a retry dropped): their ids, to queue. Also sends the notices of
    executed requests whose notice did not go out."""
    now = now or timezone.now()
    approved = (
        ApprovalRequest.objects.filter(status=RequestStatus.APPROVED)
        .filter(Q(cooling_off_until__isnull=True) | Q(cooling_off_until__lte=now))
        .order_by("decided_at", "pk")
    )
    due = [r.pk for r in approved.only("pk", "status", "cooling_off_until", "result")[:limit] if _due(r, now)]
    unnotified = ApprovalRequest.objects.filter(
        status=RequestStatus.EXECUTED, customer_notified_at__isnull=True
    ).exclude(result__has_key="notice_skipped")
    for pk in unnotified.values_list("pk", flat=True)[:limit]:
        try:
            approval_customer_notify(pk=pk)
        except Exception:
            logger.exception("approval %s: the customer's notice failed", pk)
    return due
