from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts.models import User
from accounts.services import api_token_issue, api_token_revoke
from audit.services import REDACTED, audit_record
from helpdesk.admin import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "time_zone", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Helpdesk", {"fields": ("role", "time_zone", "language")}),
    )

    def audit_snapshot(self, obj: Any) -> dict[str, Any]:
        # Signing in is not a change of the account's settings.
        snapshot = super().audit_snapshot(obj)
        snapshot.pop("last_login", None)
        return snapshot

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                audit_record(
                    action="accounts.user.password_set",
                    obj=user,
                    actor=request.user,
                    after={"password": REDACTED},
                )
        return response


# Group membership grants rights (the knowledge base's editors), and tokens sign in to the API:
# both are configuration, changed here with an audit record like the rest.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    pass


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(AuditedAdmin, BaseTokenAdmin):
    audited_by_services = True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A token is issued or revoked, never edited.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        token = api_token_issue(actor=request.user, user=obj.user)
        obj.pk = token.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        api_token_revoke(actor=request.user, token=obj)


# Staff manage their own devices on their Security page (accounts/views.py), which audits every change.
# In the admin a device can be looked at, and removed when its owner lost it (audited, with the reason);
# never created or edited, since that would hand someone else's second factor to the admin.
class SecondFactorDeviceAdmin(AuditedAdmin):
    list_display = ("user", "name", "confirmed")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "name")
    exclude = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, SecondFactorDeviceAdmin)
