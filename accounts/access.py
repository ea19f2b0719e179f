"""Who may reach which part of the helpdesk: the auditor's confinement, and who must sign in with a
second factor and whether a session has done so."""

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import Role

# Set at sign-in for someone with a confirmed device: the second step is still to come.
PENDING_SESSION_KEY = "accounts_second_factor_pending"
# When the session signed in and last made a request (Unix times; accounts.middleware keeps them).
SIGNED_IN_AT_KEY = "accounts_signed_in_at"
SEEN_AT_KEY = "accounts_seen_at"

# Roles that see or decide more than one queue's worth: a stolen password alone must not be enough.
ROLES_THAT_MUST_VERIFY = (Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR)


def is_partner_agent(user: Any) -> bool:
    """An agent of an outsourced partner team (customers.access applies its clean room)."""
    # The clean-room middleware (routing/cleanroom.py) has read the agent's partner teams already.
    memo = getattr(user, "_partner_teams", None)
    if memo is not None:
        return bool(user.role == Role.AGENT and memo)
    return bool(user.role == Role.AGENT and user.teams.filter(is_outsourced=True).exists())


def manages_shared(user: Any) -> bool:
    """Supervisors and admins keep what is shared with everyone (macros, saved queue views)."""
    return bool(getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN))


def personal_or_shared_q(user: Any, *, personal: str, shared: str) -> Q | None:
    """Which rows kept personally (by `owner`) or shared (with everyone, or with one `team`) `user` may
    read: their own, and of the shared ones every one for supervisors and admins, those for everyone and
    for their teams for agents, only their teams' for partner agents (the clean room: what in-house staff
    keep for everyone is not theirs to read). None when nothing: signed out, or an auditor."""
    if not getattr(user, "is_authenticated", False) or user.role == Role.AUDITOR:
        return None
    mine = Q(scope=personal, owner=user)
    if manages_shared(user):
        return mine | Q(scope=shared)
    teams = Q(team__in=user.teams.all())
    if is_partner_agent(user):
        return mine | (Q(scope=shared) & teams)
    return mine | (Q(scope=shared) & (Q(team__isnull=True) | teams))


def second_factor_required(user: Any) -> bool:
    """Whether `user` must sign in with a second factor (when STAFF_2FA_REQUIRED is on): admins,
    supervisors, auditors, anyone who may approve a high-risk action, and partner teams' agents."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in ROLES_THAT_MUST_VERIFY or user.is_superuser:
        return True
    if any(perm.startswith("approvals.approve_") for perm in user.get_all_permissions()):
        return True
    return is_partner_agent(user)


def second_factor_enforced(user: Any) -> bool:
    return bool(settings.STAFF_2FA_REQUIRED) and second_factor_required(user)


def primary_devices(user: Any) -> list[Device]:
    """The confirmed authenticator apps and security keys: the factors a person signs in with day to
    day (recovery codes are the spare key, not a factor to rely on alone)."""
    return [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True),
        *WebAuthnCredential.objects.devices_for_user(user, confirmed=True),
    ]


def has_second_factor(user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True))


def device_for_owner(user: Any, persistent_id: str) -> Device:
    """One of the user's own devices by its persistent id; another's, or none, is a 404."""
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    if device is None or device.user_id != user.pk:
        raise Http404(_("No such device"))
    return device


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def session_end_reason(session: Any, now: float) -> str:
    """Why a staff session has ended: "max_age" (STAFF_SESSION_MAX_HOURS since sign-in), "idle"
    (STAFF_SESSION_IDLE_MINUTES since its last request), or "" while it lives."""
    started, seen = session.get(SIGNED_IN_AT_KEY), session.get(SEEN_AT_KEY)
    if started is None or seen is None:
        return ""
    if now - float(started) >= settings.STAFF_SESSION_MAX_HOURS * 3600:
        return "max_age"
    if now - float(seen) >= settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return ""


def staff_session_ok(user: Any, session: Any) -> bool:
    """Whether a session may still act for `user` (the chat socket asks at connect and at every session
    check; pages go through accounts.middleware): not idle or past its maximum length, and with the
    second factor given where one is owed. Costs no query unless the user must verify."""
    if session_end_reason(session, time.time()) or session.get(PENDING_SESSION_KEY):
        return False
    if not second_factor_enforced(user):
        return True
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk and bool(device.confirmed)


def check_security_page(user: Any) -> None:
    """Every signed-in staff member manages their own second factor and API token, and only their own."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        raise PermissionDenied


def check_may_change_devices(user: Any) -> None:
    """Adding, replacing or removing a factor needs this session to have used one, when there is one:
    a stolen password alone must not swap the second factor."""
    if has_second_factor(user) and not user.is_verified():
        raise PermissionDenied


# --- Auditors (accounts.middleware.AuditorConfinementMiddleware asks) -------------------------------
# An auditor reads the audit log (and exports it), the approvals without deciding them, and their own
# account; nothing else. An allow-list of URL namespaces and names, so an endpoint added later is closed
# to auditors until it is named here.
AUDITOR_READ_WRITE_NAMESPACES = frozenset({"accounts", "audit", "audit-api"})
AUDITOR_READ_ONLY_NAMESPACES = frozenset({"approvals", "approvals-api"})
# Doors open to anyone, signed in or not (the help center, the chat widget's API, the reference exchange
# and chains the demo runs against): an auditor is refused nothing an anonymous caller gets.
AUDITOR_PUBLIC_NAMESPACES = frozenset({"help", "reference_chains"})
AUDITOR_PUBLIC_VIEW_PREFIXES = ("livechat:api-", "reference_exchange:api-")
AUDITOR_VIEWS = frozenset(
    {
        "healthz",
        "livez",
        "favicon",
        "csp-report",
        "api:auth-token",
        "livechat:demo",
        "incidents:banner",
        "assistant:ask",
        "assistant:chat-solved",
        "assistant:chat-person",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_auditor(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role == Role.AUDITOR)


def may_use_workspace(user: Any) -> bool:
    """The queue, tickets, customers, the chat console, routing, the admin: never an auditor's."""
    return not is_auditor(user)


def auditor_may_reach(match: Any, method: str) -> bool:
    namespaces = set(match.namespaces)
    if namespaces & (AUDITOR_READ_WRITE_NAMESPACES | AUDITOR_PUBLIC_NAMESPACES):
        return True
    if namespaces & AUDITOR_READ_ONLY_NAMESPACES:
        return method.upper() in SAFE_METHODS
    return match.view_name in AUDITOR_VIEWS or str(match.view_name).startswith(AUDITOR_PUBLIC_VIEW_PREFIXES)
