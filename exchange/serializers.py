"""The exchange panel's JSON (for the chat console and tier 0): the same data the HTML panel shows.

Every section carries when it was fetched, whether it is the last known value (stale, with its age)
and the error that stopped a fresh read; ``value`` is null when nothing could be read."""

from rest_framework import serializers


class SectionSerializer(serializers.Serializer):
    fetched_at = serializers.DateTimeField(allow_null=True, help_text="When the exchange gave this value.")
    stale = serializers.BooleanField(help_text="The last known value, shown because a fresh read failed.")
    age_seconds = serializers.IntegerField(help_text="How old a stale value is; 0 when fresh.")
    error = serializers.CharField(allow_blank=True, help_text="Why the exchange could not be read now.")
    hidden = serializers.BooleanField(default=False, help_text="Not shown to your team.")


class AccountSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    vip_level = serializers.CharField()
    kyc_level = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField())
    withdrawals_locked = serializers.BooleanField()
    lock_reason = serializers.CharField(allow_blank=True)


class TransferSerializer(serializers.Serializer):
    id = serializers.CharField()
    direction = serializers.ChoiceField(choices=["deposit", "withdrawal"])
    asset = serializers.CharField()
    network = serializers.CharField()
    amount = serializers.CharField(help_text="A decimal number as a string.")
    address = serializers.CharField(allow_blank=True, help_text="Masked for partner teams.")
    address_short = serializers.CharField(allow_blank=True)
    memo = serializers.CharField(
        allow_blank=True, help_text="Destination tag or memo; masked for partner teams."
    )
    tx_hash = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    confirmations = serializers.IntegerField()
    required_confirmations = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    network_warning = serializers.BooleanField(help_text="The network has a congestion or suspension notice.")
    in_progress = serializers.BooleanField()


class DepositAddressSerializer(serializers.Serializer):
    asset = serializers.CharField()
    network = serializers.CharField()
    address = serializers.CharField()
    memo = serializers.CharField(allow_blank=True)


class NetworkWarningSerializer(serializers.Serializer):
    network = serializers.CharField()
    congested = serializers.BooleanField()
    deposits_suspended = serializers.BooleanField()
    withdrawals_suspended = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


class SecurityEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    detail = serializers.CharField(allow_blank=True)


class AccountSectionSerializer(SectionSerializer):
    value = AccountSerializer(allow_null=True)


class TransfersSectionSerializer(SectionSerializer):
    value = TransferSerializer(many=True, allow_null=True)


class DepositAddressesSectionSerializer(SectionSerializer):
    value = DepositAddressSerializer(many=True, allow_null=True)


class NetworkWarningsSectionSerializer(SectionSerializer):
    value = NetworkWarningSerializer(many=True, allow_null=True)


class SecurityEventsSectionSerializer(SectionSerializer):
    value = SecurityEventSerializer(many=True, allow_null=True)


class ExchangePanelSerializer(serializers.Serializer):
    external_id = serializers.CharField(help_text="The customer's user id at the exchange.")
    masked = serializers.BooleanField(help_text="Addresses and memos are masked for your team.")
    account = AccountSectionSerializer()
    transfers = TransfersSectionSerializer()
    deposit_addresses = DepositAddressesSectionSerializer()
    network_warnings = NetworkWarningsSectionSerializer()
    security_events = SecurityEventsSectionSerializer()
