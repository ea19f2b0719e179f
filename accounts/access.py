"""Who may reach which part of the helpdesk: the auditor's confinement."""

from typing import Any

from accounts.models import Role


# --- Auditors (audit.middleware.AuditorConfinementMiddleware asks) ----------------------------------------
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
