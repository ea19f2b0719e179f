from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from customers.models import Customer, mask_email, mask_phone
from customers.services import CUSTOMER_FIELDS, customer_upsert
from helpdesk.admin import AuditedAdmin


@admin.register(Customer)
class CustomerAdmin(AuditedAdmin):
    audited_by_services = True
    list_display = ("external_id", "name", "masked_email", "vip_level", "kyc_status", "language", "region")
    list_filter = ("vip_level", "kyc_status", "language")
    search_fields = ("external_id", "name")
    fields = ("external_id", *CUSTOMER_FIELDS)
    show_full_result_count = False

    @admin.display(description="email")
    def masked_email(self, obj: Customer) -> str:
        return mask_email(obj.email)

    @admin.display(description="phone")
    def masked_phone(self, obj: Customer) -> str:
        return mask_phone(obj.phone)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("external_id",) if obj else ()

    def save_model(self, request: HttpRequest, obj: Customer, form: Any, change: bool) -> None:
        saved, _created = customer_upsert(
            external_id=obj.external_id,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in CUSTOMER_FIELDS if name in form.cleaned_data},
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
