"""Security keys (django-otp-webauthn) as a second factor only: its views, behind a password sign-in and
with an audit record for each key added and each sign-in completed with one."""

from typing import Any

from django.http import HttpResponse
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from accounts.access import PENDING_SESSION_KEY
from accounts.services import second_factor_signed_in, webauthn_device_registered


class RegistrationBegin(views.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(views.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(pk=self._registered_pk(response), user=self.request.user)
        webauthn_device_registered(actor=self.request.user, device=device)
        return response

    @staticmethod
    def _registered_pk(response: HttpResponse) -> int:
        import json

        return int(json.loads(response.content)["id"])


class SignedInOnly:
    def check_can_authenticate(self) -> None:
        # A key is the second step after the password, never a way in by itself: the password step
        # carries the sign-in throttle.
        user = self.request.user  # type: ignore[attr-defined]
        if not (user.is_authenticated and user.is_active):
            raise exceptions.PasswordlessLoginDisabled()


class AuthenticationBegin(SignedInOnly, views.BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(SignedInOnly, views.CompleteCredentialAuthenticationView):
    def check_device_usable(self, device: Any) -> None:
        super().check_device_usable(device)
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialDisabled()

    def complete_auth(self, device: Any) -> Any:
        super().complete_auth(device)
        self.request.session.pop(PENDING_SESSION_KEY, None)
        self.request.session.cycle_key()
        second_factor_signed_in(user=self.request.user, device=device)
