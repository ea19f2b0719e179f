"""The fresh second factor an approver gives with an approval, from the page or the API.

Whoever has a confirmed TOTP device confirms each approval with a current code from it; with
STAFF_2FA_REQUIRED on, a code is required and an approver without a device is turned away until they
set one up. The device's name goes on the decision, for the record.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from helpdesk.errors import DomainError


class SecondFactorRefused(DomainError):
    """No code where one is needed, a wrong one, or no device to check it with."""


def totp_devices(user: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("id"))


def second_factor_needed(user: Any) -> bool:
    """Whether an approval by `user` must carry a code (asked once per page, for the form)."""
    return (
        bool(settings.STAFF_2FA_REQUIRED)
        or TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
    )


def second_factor_confirm(*, user: Any, code: str) -> str:
    """The name of the device `code` is current for; "" when none is needed and none was given.
    Raises SecondFactorRefused otherwise. Each device refuses a code it has already accepted."""
    devices = totp_devices(user)
    code = (code or "").strip().replace(" ", "")
    if not devices:
        if settings.STAFF_2FA_REQUIRED:
            raise SecondFactorRefused(
                _(
                    "Approvals need a second factor: set up an authenticator app on your account "
                    "first, then approve with a code from it."
                ),
                code="second_factor_missing",
            )
        return ""
    if not code:
        raise SecondFactorRefused(
            _("Enter the current code from your authenticator app to approve."),
            code="second_factor_required",
        )
    if not code.isascii() or not code.isdigit() or len(code) > 8:
        raise SecondFactorRefused(_("The code is the 6 digits your authenticator app shows."), code="invalid")
    if not any(device.verify_is_allowed()[0] for device in devices):
        raise SecondFactorRefused(
            _("Too many wrong codes: wait a few seconds, then enter the code your app shows."),
            code="second_factor_throttled",
        )
    for device in devices:
        if device.verify_token(code):
            return str(device.name or _("Authenticator app"))[:100]
    raise SecondFactorRefused(
        _("That code is not current for your authenticator app; enter the one it shows now."),
        code="second_factor_invalid",
    )
