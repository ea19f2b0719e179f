"""The demo's second factor: every demo login gets an authenticator app with one published key, so
anyone trying the demo signs in without a phone (`manage.py demo_code <username>` prints the code)."""

import base64

from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.services import audit_record

# Published on purpose (README, the demo logins): a demo account's second factor is no secret.
DEMO_TOTP_KEY = b"cryptodesk-demo-key!".hex()
DEMO_DEVICE_NAME = "Demo authenticator (published key)"


def demo_totp_key_base32() -> str:
    """The key as authenticator apps take it."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def seed_second_factor_demo() -> int:
    """A confirmed demo authenticator for each demo login that has none; returns how many were added."""
    from workspace.management.demo_data import USERS

    added = 0
    with transaction.atomic():
        for user in User.objects.filter(username__in=[spec.username for spec in USERS]):
            if TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).exists():
                continue
            device = TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
            )
            audit_record(
                action="accounts.second_factor.totp_confirmed",
                obj=user,
                actor_label="system:demo",
                after={"device": device.persistent_id, "factor": "totp", "name": device.name},
            )
            added += 1
    return added


def demo_device(user: User) -> TOTPDevice | None:
    """The user's authenticator that the demo created, and only that: a device someone added with their
    own key is never one this module will give codes for."""
    return TOTPDevice.objects.filter(
        user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
    ).first()


def demo_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)
