"""Sign-in (password, then the second factor) and the security page where staff manage their devices
and API token."""

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from rest_framework.authtoken.models import Token

from accounts import access
from accounts.authentication import token_expires_at
from accounts.forms import CodeForm, TotpStartForm
from accounts.lockout import second_factor_lockout_message
from accounts.services import (
    api_token_revoke,
    device_factor,
    password_signed_in,
    recovery_codes_generate,
    second_factor_device_remove,
    second_factor_locked,
    second_factor_match,
    second_factor_signed_in,
    totp_device_confirm,
    totp_device_start,
)
from helpdesk.errors import DomainError


def _staff(request: HttpRequest) -> Any:
    """The signed-in user, with django-otp's `is_verified` (login_required has checked there is one)."""
    return request.user


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return ""


class SignInView(auth_views.LoginView):
    """The password step (django-axes throttles it); someone with a confirmed device goes on to the
    second step, and someone who must have one and has none to the security page to add one."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        expired = self.request.GET.get("expired")
        if expired == "idle":
            context["notice"] = _("Your session ended after a while without activity. Sign in again.")
        elif expired == "max_age":
            context["notice"] = _("Your session reached its maximum length. Sign in again.")
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        follow = {"next": self.get_success_url()}
        if access.has_second_factor(user):
            self.request.session[access.PENDING_SESSION_KEY] = True
            return HttpResponseRedirect(f"{reverse('accounts:verify')}?{urlencode(follow)}")
        password_signed_in(user=user)
        if access.second_factor_enforced(user):
            return HttpResponseRedirect(f"{reverse('accounts:security')}?{urlencode(follow)}")
        return response


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, a recovery code, or a security key."""
    user = _staff(request)
    access.check_security_page(user)
    follow = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if user.is_verified():
        return redirect(follow or settings.LOGIN_REDIRECT_URL)
    if second_factor_locked(user):
        return render(
            request, "accounts/locked_out.html", {"message": second_factor_lockout_message()}, status=429
        )
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = second_factor_match(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.pop(access.PENDING_SESSION_KEY, None)
            # A session that gained rights gets a new key: one seen before the second step is useless.
            request.session.cycle_key()
            second_factor_signed_in(user=user, device=device)
            return redirect(follow or settings.LOGIN_REDIRECT_URL)
        if second_factor_locked(user):
            return render(
                request, "accounts/locked_out.html", {"message": second_factor_lockout_message()}, status=429
            )
        form.add_error("code", _("That code is not right, or was already used. Try the current one."))
        status = 400
    context = {
        "form": form,
        "next": follow,
        "has_webauthn": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        "webauthn_config": _webauthn_config(request),
    }
    return render(request, "accounts/verify.html", context, status=status)


def _webauthn_config(request: HttpRequest) -> dict[str, Any]:
    from django.middleware import csrf

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:webauthn-authentication-begin"),
        "completeAuthenticationUrl": reverse("accounts:webauthn-authentication-complete"),
        "beginRegistrationUrl": reverse("accounts:webauthn-registration-begin"),
        "completeRegistrationUrl": reverse("accounts:webauthn-registration-complete"),
    }


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes the SVG itself from the otpauth:// URL; nothing in it comes from the user but the name.
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")


def _security_page(
    request: HttpRequest, *, recovery_codes: list[str] | None = None, status: int = 200, **extra: Any
) -> HttpResponse:
    user = _staff(request)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    token = Token.objects.filter(user=user).first()
    devices = [
        {
            "id": device.persistent_id,
            "name": device.name,
            "factor": device_factor(device),
            "created": device.created_at,
        }
        for device in access.primary_devices(user)
    ]
    recovery = access.recovery_device(user)
    context = {
        "devices": devices,
        "recovery": recovery,
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "recovery_codes": recovery_codes,
        "pending": pending,
        "pending_qr": mark_safe(_qr_svg(pending)) if pending else "",  # noqa: S308
        "pending_key": _base32(pending.bin_key) if pending else "",
        "confirm_form": extra.pop("confirm_form", CodeForm()),
        "start_form": TotpStartForm(),
        "required": access.second_factor_enforced(user),
        "verified": user.is_verified(),
        "token": token,
        "token_expires": token_expires_at(token) if token else None,
        "next": _safe_next(request, request.GET.get("next") or request.POST.get("next")),
        "webauthn_config": _webauthn_config(request),
        **extra,
    }
    return render(request, "accounts/security.html", context, status=status)


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def security(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    return _security_page(request)


@login_required
@require_POST
def totp_start(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    access.check_may_change_devices(_staff(request))
    form = TotpStartForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    totp_device_start(actor=_staff(request), name=name or _("Authenticator app"))
    return redirect(_with_next(request, reverse("accounts:security")))


@login_required
@require_POST
def totp_confirm(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    access.check_may_change_devices(_staff(request))
    device = get_object_or_404(TOTPDevice, user=_staff(request), confirmed=False)
    form = CodeForm(request.POST)
    user = _staff(request)
    if form.is_valid() and totp_device_confirm(actor=user, device=device, code=form.cleaned_data["code"]):
        if not user.is_verified():
            # They just proved they hold it: the session counts as verified with it.
            otp_login(request, device)
            request.session.pop(access.PENDING_SESSION_KEY, None)
            request.session.cycle_key()
        messages.success(request, _("Authenticator app added. Keep a set of recovery codes too."))
        return redirect(_with_next(request, reverse("accounts:security")))
    if form.is_valid():
        form.add_error(
            "code", _("That code does not match this key. Check the app's clock and try the current code.")
        )
    return _security_page(request, confirm_form=form, status=400)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    access.check_may_change_devices(_staff(request))
    if not access.primary_devices(_staff(request)):
        return _security_page(
            request, error=_("Add an authenticator app or a security key before recovery codes."), status=409
        )
    codes = recovery_codes_generate(actor=_staff(request))
    return _security_page(request, recovery_codes=codes)


@login_required
@require_POST
def device_remove(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    access.check_may_change_devices(_staff(request))
    device = access.device_for_owner(_staff(request), request.POST.get("device", ""))
    try:
        second_factor_device_remove(actor=_staff(request), device=device)
    except DomainError as exc:
        return _security_page(request, error=exc.message, status=409)
    messages.success(request, _("Device removed."))
    return redirect("accounts:security")


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    access.check_security_page(_staff(request))
    token = Token.objects.filter(user=_staff(request)).first()
    if token is not None:
        api_token_revoke(actor=_staff(request), token=token)
        messages.success(request, _("API token revoked: scripts using it are refused from now on."))
    return redirect("accounts:security")


def _with_next(request: HttpRequest, url: str) -> str:
    follow = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    return f"{url}?{urlencode({'next': follow})}" if follow else url
