"""The exchange's backend pushes customers by its own user id."""

import pytest

from audit.models import AuditEvent
from customers.models import Customer, KycStatus, VipLevel

pytestmark = pytest.mark.django_db

URL = "/api/customers/by-external-id/{}/"


def test_a_push_for_a_new_user_id_creates_the_customer(supervisor_client, supervisor):
    response = supervisor_client.put(
        URL.format("EX-900001"),
        {
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "phone": "+44 20 7946 0000",
            "language": "en",
            "region": "GB",
            "time_zone": "Europe/London",
            "vip_level": "vip2",
            "kyc_status": "verified",
            "account_flags": ["withdrawals_locked"],
        },
        format="json",
    )
    assert response.status_code == 201
    customer = Customer.objects.get(external_id="EX-900001")
    assert (customer.vip_level, customer.kyc_status) == (VipLevel.VIP2, KycStatus.VERIFIED)
    assert customer.account_flags == ["withdrawals_locked"]
    assert response.json()["id"] == customer.pk
    created = AuditEvent.objects.get(action="customer.created", object_id=str(customer.pk))
    assert created.actor == supervisor
    assert created.after is not None
    assert created.after["email"] == "(changed)"


def test_a_push_for_a_known_user_id_changes_only_the_fields_sent(supervisor_client, customer):
    name = customer.name
    response = supervisor_client.put(
        URL.format(customer.external_id),
        {"vip_level": "institutional", "kyc_status": "pending"},
        format="json",
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.vip_level, customer.kyc_status, customer.name) == ("institutional", "pending", name)
    updated = AuditEvent.objects.get(action="customer.updated", object_id=str(customer.pk))
    assert updated.before == {"vip_level": "standard", "kyc_status": "verified"}


def test_patch_changes_a_customer_by_id(supervisor_client, customer):
    response = supervisor_client.patch(
        f"/api/customers/{customer.pk}/", {"language": "pt-BR", "region": "br"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["language"], response.json()["region"]) == ("pt-br", "BR")
    customer.refresh_from_db()
    assert (customer.language, customer.region) == ("pt-br", "BR")


def test_a_customer_is_found_by_the_exchanges_id(api_client, customer):
    response = api_client.get(URL.format(customer.external_id))
    assert response.status_code == 200
    assert response.json()["id"] == customer.pk
    assert api_client.get(URL.format("EX-NOBODY")).status_code == 404


def test_agents_may_not_change_customer_records(api_client, customer, row_counts):
    before = row_counts()
    put = api_client.put(URL.format("EX-NEW"), {"vip_level": "vip3"}, format="json")
    patch = api_client.patch(f"/api/customers/{customer.pk}/", {"vip_level": "vip3"}, format="json")
    assert (put.status_code, patch.status_code) == (403, 403)
    assert row_counts() == before
    assert Customer.objects.get(pk=customer.pk).vip_level == VipLevel.STANDARD


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"vip_level": "platinum"}, "vip_level"),
        ({"kyc_status": 3}, "kyc_status"),
        ({"account_flags": ["banned"]}, "account_flags"),
        ({"account_flags": "withdrawals_locked"}, "account_flags"),
        ({"email": "not-an-email"}, "email"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"region": "TOO-LONG-REGION"}, "region"),
        ({"region": "<b>"}, "region"),
        ({"language": "english please"}, "language"),
        ({"external_id": "EX-OTHER"}, "external_id"),
    ],
)
def test_a_bad_push_is_refused_field_by_field_and_writes_nothing(
    supervisor_client, customer, row_counts, payload, field
):
    before = row_counts()
    response = supervisor_client.put(URL.format(customer.external_id), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert row_counts() == before


def test_an_external_id_longer_than_the_exchange_allows_is_refused(supervisor_client, row_counts):
    before = row_counts()
    response = supervisor_client.put(URL.format("X" * 65), {"name": "n"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "external_id is required (at most 64 characters)"
    assert row_counts() == before


def test_a_push_carries_the_account_activity_routing_reads(supervisor_client, supervisor, customer):
    response = supervisor_client.put(
        URL.format(customer.external_id),
        {
            "account_opened_at": "2026-01-05T10:00:00Z",
            "pending_withdrawal_usd": "25000.50",
            "last_2fa_change_at": "2026-11-20T08:30:00+01:00",
            "account_manager": supervisor.pk,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["pending_withdrawal_usd"] == "25000.50"
    assert body["account_manager"] == supervisor.pk
    customer.refresh_from_db()
    assert str(customer.pending_withdrawal_usd) == "25000.50"
    assert customer.last_2fa_change_at is not None
    assert customer.last_2fa_change_at.isoformat() == "2026-11-20T07:30:00+00:00"
    assert customer.account_manager == supervisor
