"""Every write of two-person approval: request, decide, cancel, execute, expire, and policy edits.

Contract (implemented by the approvals core; views, API, tasks and tests call only these):
each runs in one transaction, writes the ticket's timeline event and the audit record, and queues
its side effects (the execution task, the customer's notice, realtime events) with on_commit.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from accounts.models import User
from approvals.models import ApprovalPolicy, ApprovalRequest
from tickets.models import Ticket


class ApprovalRefused(Exception):
    """A request or a decision the rules do not allow; `message` says why, for the person who tried."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def approval_policy_for(*, action: str, vip_level: str) -> ApprovalPolicy:
    """The policy for `action` at `vip_level`: its own, else the every-level one, else the built-in
    default (unsaved)."""
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def approval_cancel(*, request: ApprovalRequest, actor: User, note: str = "") -> ApprovalRequest:
    raise NotImplementedError


def approval_execute(*, pk: int, now: dt.datetime | None = None) -> ApprovalRequest | None:
    """Run an approved request's action through the connector, exactly once (the idempotency key),
    record the result, tell the customer in their language; an unknown outcome is retried with the
    same key, a refusal or the last attempt marks it failed, visibly."""
    raise NotImplementedError


def approvals_expire_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Expire pending requests past their expiry; run twice or by two workers, acts once."""
    raise NotImplementedError


def approval_policy_save(*, actor: User, action: str, vip_level: str, **fields: Any) -> ApprovalPolicy:
    """Create or change a policy, validated, with the audit record (a diff)."""
    raise NotImplementedError
