"""Customers as the API shows and accepts them.

Contact details are masked unless the view hands this serializer the details it was allowed to show
(`context["contacts"]`, keyed by customer id); only single-customer responses ever do, after the
view has recorded the view in the audit log.
"""

import zoneinfo
from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import User
from customers.models import AccountFlag, Customer, KycStatus, VipLevel, mask_email, mask_phone
from customers.services import ContactDetails
from helpdesk.api import LanguageField, StrictFieldsMixin


class CustomerSerializer(serializers.ModelSerializer):
    email = serializers.SerializerMethodField(help_text="Masked unless your role sees contact details.")
    phone = serializers.SerializerMethodField(help_text="Masked unless your role sees contact details.")
    pii_masked = serializers.SerializerMethodField(help_text="Whether email and phone are masked.")

    class Meta:
        model = Customer
        fields = [
            "id",
            "external_id",
            "name",
            "email",
            "phone",
            "pii_masked",
            "language",
            "region",
            "time_zone",
            "vip_level",
            "is_vip",
            "kyc_status",
            "account_flags",
            "account_opened_at",
            "pending_withdrawal_usd",
            "last_2fa_change_at",
            "last_new_device_login_at",
            "account_manager",
            "backup_account_manager",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _contact(self, customer: Customer) -> ContactDetails:
        shown: dict[int, ContactDetails] = self.context.get("contacts", {})
        if customer.pk in shown:
            return shown[customer.pk]
        return ContactDetails(email=mask_email(customer.email), phone=mask_phone(customer.phone), masked=True)

    def get_email(self, customer: Customer) -> str:
        return self._contact(customer).email

    def get_phone(self, customer: Customer) -> str:
        return self._contact(customer).phone

    def get_pii_masked(self, customer: Customer) -> bool:
        return self._contact(customer).masked


class CustomerWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    """The fields the exchange's backend pushes; any left out keep their current value."""

    name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False)
    language = LanguageField(required=False)
    region = serializers.RegexField(
        r"^([A-Za-z]{2}(-[A-Za-z0-9]{1,3})?)?$",
        max_length=8,
        allow_blank=True,
        required=False,
        help_text="ISO country code: DE, or a subdivision: US-CA",
    )
    time_zone = serializers.CharField(max_length=64, required=False, help_text="An IANA name: Europe/Berlin")
    vip_level = serializers.ChoiceField(choices=VipLevel.choices, required=False)
    kyc_status = serializers.ChoiceField(choices=KycStatus.choices, required=False)
    account_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=AccountFlag.choices), required=False, max_length=20
    )
    account_opened_at = serializers.DateTimeField(allow_null=True, required=False)
    pending_withdrawal_usd = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal(0), required=False
    )
    last_2fa_change_at = serializers.DateTimeField(allow_null=True, required=False)
    last_new_device_login_at = serializers.DateTimeField(allow_null=True, required=False)
    account_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False, help_text="Agent id."
    )
    backup_account_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False, help_text="Agent id."
    )

    def validate_time_zone(self, value: str) -> str:
        # available_timezones(), not ZoneInfo(): "America" is a folder and ZoneInfo raises OSError on it.
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(_("Unknown time zone."))
        return value

    def validate_region(self, value: str) -> str:
        return value.upper()

    def validate_account_flags(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class ContactRevealSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why you need this customer's contact details.")


class ContactDetailsSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()
    masked = serializers.BooleanField()
