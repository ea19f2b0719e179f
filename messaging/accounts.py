"""Channel accounts as admins configure them (/config/channels/): every write here, audited.

An account's credentials are the adapter's `credential_fields`; those in `secret_fields` are
write-only: a blank value keeps what is stored, and neither the form nor the audit log ever holds
one (the log says that a secret changed, not to what).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from helpdesk.errors import DomainError
from messaging.models import ChannelAccount, ChannelKind
from messaging.registry import credential_fields, provider_for
from routing.models import Team

# Credentials that are yes/no switches (a checkbox in the form), stored as "yes" or "".
SWITCHES = frozenset({"human_agent_tag"})
CHANGED = "changed"


def _snapshot(account: ChannelAccount, secrets: frozenset[str]) -> dict[str, Any]:
    """What the audit log may hold of an account: its settings, and of each secret only whether set."""
    credentials = account.credentials
    return {
        "kind": account.kind,
        "name": account.name,
        "team": account.team_id,
        "language": account.language,
        "enabled": account.enabled,
        "credentials": {
            name: ("set" if credentials.get(name) else "") if name in secrets else credentials.get(name, "")
            for name in sorted(credentials)
        },
    }


def _check_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise DomainError(
            _("%(value)s is not an API address; write it as https://host/path.") % {"value": value[:100]}
        )


def channel_account_save(
    *,
    actor: User,
    account: ChannelAccount | None = None,
    kind: str,
    name: str,
    team: Team | None,
    language: str,
    enabled: bool,
    credentials: Mapping[str, str],
) -> ChannelAccount:
    """Create an account of `kind`, or change one (its kind stays). `credentials` holds the adapter's
    fields; a blank secret keeps the stored value, a blank setting clears it. A new account needs its
    every secret: a webhook without the app secret could not be verified."""
    if kind not in ChannelKind.values:
        raise DomainError(_("Unknown channel %(kind)s.") % {"kind": kind})
    if account is not None and account.kind != kind:
        raise DomainError(_("An account's channel cannot change; add a new account instead."))
    fields, secrets = credential_fields(kind)
    unknown = set(credentials) - set(fields)
    if unknown:
        raise DomainError(_("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    name = name.strip()
    if not name:
        raise DomainError(_("Give the account a name."))
    if language not in {code for code, _label in settings.LANGUAGES}:
        raise DomainError(_("Unknown language %(code)s.") % {"code": language})
    with transaction.atomic():
        clash = ChannelAccount.objects.filter(name=name)
        if account is not None:
            clash = clash.exclude(pk=account.pk)
        if clash.exists():
            raise DomainError(
                _("Another channel account is named %(name)s.") % {"name": name}, code="duplicate"
            )
        before = None
        if account is None:
            account = ChannelAccount(kind=kind)
            stored: dict[str, str] = {}
        else:
            account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
            before = _snapshot(account, secrets)
            stored = account.credentials
        merged: dict[str, str] = {}
        for field in fields:
            value = str(credentials.get(field, "")).strip()
            if field in secrets and not value:
                value = stored.get(field, "")
            if field in SWITCHES:
                value = "yes" if value.lower() in ("1", "yes", "true", "on") else ""
            if value:
                merged[field] = value
        missing = [f for f in sorted(secrets) if not merged.get(f)]
        if missing:
            raise DomainError(
                _("Enter %(names)s: the channel cannot work without them.") % {"names": ", ".join(missing)}
            )
        if merged.get("api_base"):
            _check_url(merged["api_base"])
        # An adapter may check its settings together (SMS: a number or a Messaging Service, one only).
        checked = getattr(provider_for(kind), "credentials_problem", None)
        if checked is not None and (problem := checked(merged)):
            raise DomainError(problem)
        changed_secrets = sorted(f for f in secrets if merged.get(f) != stored.get(f))
        account.name, account.team, account.language, account.enabled = name, team, language, enabled
        account.credentials = merged
        account.save()
        after = _snapshot(account, secrets)
        if before is not None:
            changed = {k for k in after if after[k] != before[k]}
            if not changed and not changed_secrets:
                return account
            before = {k: before[k] for k in changed | {"credentials"}}
            after = {k: after[k] for k in changed | {"credentials"}}
        # The log names the secrets that changed, never their values.
        after["secrets_changed"] = changed_secrets
        audit_record(
            action="channel_account.created" if before is None else "channel_account.updated",
            obj=account,
            actor=actor,
            before=before,
            after=after,
        )
    return account


def channel_account_enable(*, actor: User, account: ChannelAccount, enabled: bool) -> ChannelAccount:
    """Turn an account on or off. Off: its webhook answers 404 and nothing is sent through it; the
    contacts, messages and credentials stay for when it is turned on again."""
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        if account.enabled == enabled:
            return account
        account.enabled = enabled
        account.save(update_fields=["enabled"])
        audit_record(
            action="channel_account.enabled" if enabled else "channel_account.disabled",
            obj=account,
            actor=actor,
            before={"enabled": not enabled},
            after={"enabled": enabled},
        )
    return account


def webhook_url(account: ChannelAccount) -> str:
    """The public address an admin copies into the provider's console."""
    site = settings.HELPDESK_SITE_URL.rstrip("/")
    return site + reverse("messaging:webhook", args=[account.kind, account.webhook_key])
