"""Staff accounts' credentials: API tokens and second-factor devices are issued, confirmed and revoked
here, each with an audit record."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.authentication import token_expired
from accounts.models import Role, User
from audit.services import audit_record
from helpdesk.errors import DomainError
from helpdesk.ratelimit import window_hits


def api_token_issue(*, actor: Any, user: User) -> Token:
    """A new API token for `user`. The log names the user, never the token: it is a password."""
    with transaction.atomic():
        token = Token.objects.create(user=user)
        audit_record(action="accounts.token.issued", obj=user, actor=actor)
    return token


def api_token_revoke(*, actor: Any, token: Token) -> None:
    with transaction.atomic():
        audit_record(action="accounts.token.revoked", obj=token.user, actor=actor)
        token.delete()


def api_token_for_sign_in(*, user: User) -> Token:
    """The user's token for /api/auth/token/: the current one, or a new one in place of an expired one
    (or none), so a client renews by signing in again."""
    with transaction.atomic():
        # The user's row serialises two sign-ins at once: one replaces the token, the other gets it.
        User.objects.select_for_update().filter(pk=user.pk).first()
        token = Token.objects.filter(user=user).first()
        if token is not None and not token_expired(token):
            return token
        if token is not None:
            token.delete()
            audit_record(action="accounts.token.expired", obj=user, actor_label="system:accounts")
        token = Token.objects.create(user=user)
        audit_record(action="accounts.token.issued", obj=user, actor=user)
    return token


# --- The second factor --------------------------------------------------------------------------------
# The log says which device was added, confirmed or removed, never its key or codes.

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"

# Which factor a device is, in the audit log and on the security page.
FACTOR_TOTP = "totp"
FACTOR_RECOVERY_CODE = "recovery_code"
FACTOR_WEBAUTHN = "webauthn"


def device_factor(device: Device) -> str:
    if isinstance(device, TOTPDevice):
        return FACTOR_TOTP
    if isinstance(device, StaticDevice):
        return FACTOR_RECOVERY_CODE
    return FACTOR_WEBAUTHN


def _device_facts(device: Device) -> dict[str, Any]:
    return {"device": device.persistent_id, "factor": device_factor(device), "name": device.name}


def totp_device_start(*, actor: User, name: str) -> TOTPDevice:
    """A new authenticator app for `actor`, unconfirmed until they type a code from it: the one they
    were adding and never confirmed is replaced, so at most one waits at a time."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=actor, name=name[:64] or "Authenticator app", confirmed=False)
        audit_record(
            action="accounts.second_factor.totp_started", obj=actor, actor=actor, after=_device_facts(device)
        )
    return device


def totp_device_confirm(*, actor: User, device: TOTPDevice, code: str) -> bool:
    """Confirm `device` with a code from it; False (and nothing changes) for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
        if device.confirmed:
            return True
        if not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            action="accounts.second_factor.totp_confirmed",
            obj=actor,
            actor=actor,
            after=_device_facts(device),
        )
    return True


def recovery_codes_generate(*, actor: User) -> list[str]:
    """Ten fresh single-use recovery codes for `actor`; any earlier ones stop working. The codes are
    returned to be shown once and are never logged."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=actor, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit_record(
            action="accounts.second_factor.recovery_codes_generated",
            obj=actor,
            actor=actor,
            after={**_device_facts(device), "codes": RECOVERY_CODE_COUNT},
        )
    return codes


def second_factor_device_remove(*, actor: User, device: Device) -> None:
    """Remove one of `actor`'s devices. Someone who must sign in with a second factor keeps at least one
    authenticator app or security key: removing the last is refused (DomainError, code conflict)."""
    from accounts.access import primary_devices, second_factor_enforced

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        remaining = [d for d in primary_devices(actor) if d.persistent_id != device.persistent_id]
        is_primary = not isinstance(device, StaticDevice) and device.confirmed
        if is_primary and not remaining and second_factor_enforced(actor):
            raise DomainError(
                _(
                    "This is your last authenticator app or security key, and your account must sign in "
                    "with a second factor: add another one before removing this one."
                ),
                code="conflict",
            )
        audit_record(
            action="accounts.second_factor.removed", obj=actor, actor=actor, after=_device_facts(device)
        )
        device.delete()


def webauthn_device_registered(*, actor: User, device: Device) -> None:
    audit_record(
        action="accounts.second_factor.webauthn_added", obj=actor, actor=actor, after=_device_facts(device)
    )


def second_factor_signed_in(*, user: User, device: Device) -> None:
    """The audit record of a sign-in completed with a second factor, naming the factor."""
    audit_record(action="accounts.signed_in", obj=user, actor=user, after={"factor": device_factor(device)})


def password_signed_in(*, user: User) -> None:
    audit_record(action="accounts.signed_in", obj=user, actor=user, after={"factor": "password"})


def second_factor_match(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`, an authenticator app's code or an unused recovery code (which it
    uses up), or None. Wrong codes are counted per user: see second_factor_locked."""
    code = "".join(code.split())
    if not code or len(code) > 32:
        _second_factor_failed(user)
        return None
    with transaction.atomic():
        candidates: list[Device] = [
            *TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update(),
            *StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update(),
        ]
        for device in candidates:
            if device.verify_token(code):
                cache.delete_many([_failures_key(user), _failures_key(user) + ":since"])
                return device
    _second_factor_failed(user)
    return None


def _failures_key(user: User) -> str:
    return f"accounts:second-factor-failures:{user.pk}"


def _second_factor_failed(user: User) -> None:
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    # The window's start, kept beside the count so the lockout ends by the clock the rest of the
    # helpdesk reads, not only when the cache lets the count go.
    cache.add(_failures_key(user) + ":since", time.time(), window)
    hits = window_hits(_failures_key(user), window)
    audit_record(action="accounts.second_factor.failed", obj=user, actor=user, after={"failures": hits})


def second_factor_locked(user: User) -> bool:
    """After AXES_FAILURE_LIMIT wrong codes the second step is refused for AXES_COOLOFF_TIME (counted
    from the first of them), like wrong passwords: six digits are too few to leave to guessing."""
    key = _failures_key(user)
    since = cache.get(key + ":since")
    if since is not None and time.time() - float(since) >= settings.AXES_COOLOFF_TIME.total_seconds():
        cache.delete_many([key, key + ":since"])
        return False
    return int(cache.get(key) or 0) >= settings.AXES_FAILURE_LIMIT


def system_user(*, username: str, name: str) -> User:
    """A system identity that writes on timelines (tier 0, security warnings, approval notices):
    inactive, so it never signs in and is offered no work, and with no usable password."""
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": name,
            "role": Role.AGENT,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user
