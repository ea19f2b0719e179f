from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from accounts import views, webauthn

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/verify/", views.verify, name="verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("security/authenticator/", views.totp_start, name="totp-start"),
    path("security/authenticator/confirm/", views.totp_confirm, name="totp-confirm"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("security/devices/remove/", views.device_remove, name="device-remove"),
    path("security/token/revoke/", views.token_revoke, name="token-revoke"),
    # Security keys (django-otp-webauthn's ceremonies, as a second factor only: accounts/webauthn.py).
    path(
        "webauthn/registration/begin/",
        webauthn.RegistrationBegin.as_view(),
        name="webauthn-registration-begin",
    ),
    path(
        "webauthn/registration/complete/",
        webauthn.RegistrationComplete.as_view(),
        name="webauthn-registration-complete",
    ),
    path(
        "webauthn/authentication/begin/",
        webauthn.AuthenticationBegin.as_view(),
        name="webauthn-authentication-begin",
    ),
    path(
        "webauthn/authentication/complete/",
        webauthn.AuthenticationComplete.as_view(),
        name="webauthn-authentication-complete",
    ),
    path(
        "webauthn/jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="webauthn-jsi18n",
    ),
]
