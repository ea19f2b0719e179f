"""The identity look-up: which exchange account verified this phone number or messaging account in the
exchange's app. The messaging channels link a contact to a customer only on a fresh, positive answer."""

import httpx
import pytest

from exchange import client as client_module
from exchange.reference import scenario
from exchange.reference.models import SeenNonce, VerifiedIdentity
from exchange.reference.seed import VERIFIED_IDENTITIES
from exchange.types import identity_normalise
from tests.exchange.test_signed_requests import signed_get

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_seeded_identity_names_its_demo_customer(reference_exchange):
    reference_exchange.seed()
    client = reference_exchange.client()
    for external_id, kind, value in VERIFIED_IDENTITIES:
        got = client.identity_owner(kind, value)
        assert got.ok and got.value == external_id, (kind, value)


def test_phone_numbers_match_however_they_are_written(reference_exchange):
    scenario.add_account("EX-1")
    scenario.add_identity("EX-1", "phone", "+44 7700 900101")
    scenario.add_identity("EX-1", "whatsapp", "447700900101")
    client = reference_exchange.client()
    assert client.identity_owner("phone", "+447700900101").value == "EX-1"
    assert client.identity_owner("phone", "0044 (7700) 900-101").value == "EX-1"
    # WhatsApp's wa_id comes without the plus.
    assert client.identity_owner("whatsapp", "447700900101").value == "EX-1"


def test_an_identity_nobody_verified_is_a_fresh_none_and_kinds_do_not_mix(reference_exchange):
    scenario.add_account("EX-1")
    scenario.add_identity("EX-1", "telegram", "700000001")
    client = reference_exchange.client()
    nobody = client.identity_owner("telegram", "700000002")
    assert nobody.ok and nobody.value is None
    # The same digits as another platform's id are another identity.
    other_kind = client.identity_owner("x", "700000001")
    assert other_kind.ok and other_kind.value is None


def test_a_malformed_identity_is_none_without_calling_and_an_unknown_kind_is_a_programming_error(
    reference_exchange,
):
    client = reference_exchange.client()
    got = client.identity_owner("phone", "call me maybe")
    assert got.ok and got.value is None
    assert client.identity_owner("telegram", "../../accounts/EX-1").value is None
    assert SeenNonce.objects.count() == 0
    with pytest.raises(ValueError):
        client.identity_owner("email", "a@example.com")


def test_answers_are_cached_briefly(reference_exchange):
    scenario.add_account("EX-1")
    scenario.add_identity("EX-1", "x", "1500")
    client = reference_exchange.client()
    assert client.identity_owner("x", "1500").value == "EX-1"
    assert client.identity_owner("x", "1500").value == "EX-1"
    assert SeenNonce.objects.count() == 1


def test_an_exchange_that_is_down_vouches_for_nobody(reference_exchange):
    scenario.add_account("EX-1")
    scenario.add_identity("EX-1", "phone", "+13125550118")
    reference_exchange.go_down()
    got = reference_exchange.client().identity_owner("phone", "+13125550118")
    assert not got.ok and got.value is None and got.error


def test_a_stale_answer_is_labelled_so_callers_do_not_vouch_on_it(reference_exchange, settings, monkeypatch):
    scenario.add_account("EX-1")
    scenario.add_identity("EX-1", "phone", "+13125550118")
    client = reference_exchange.client()
    assert client.identity_owner("phone", "+13125550118").ok
    settings.EXCHANGE_RETRIES = 0
    monkeypatch.setitem(client_module.FRESH_FOR, "identity_owner", 0)
    scenario.set_fault("unavailable", times=1)
    got = reference_exchange.client().identity_owner("phone", "+13125550118")
    assert got.stale and not got.ok and got.error


def test_the_reference_exchange_refuses_an_unknown_kind_or_a_malformed_value(reference_exchange):
    for path in ("/identities/email/a@example.com", "/identities/phone/12"):
        url, headers = signed_get(reference_exchange, path)
        response = httpx.get(url, headers=headers)
        assert response.status_code == 400, path
        assert response.headers["content-type"] == "application/problem+json"
    unsigned = httpx.get(reference_exchange.api_url + "/identities/phone/+447700900101")
    assert unsigned.status_code == 401


def test_an_identity_moves_to_the_account_that_verified_it_last():
    scenario.add_account("EX-1")
    scenario.add_account("EX-2")
    scenario.add_identity("EX-1", "phone", "+447700900101")
    scenario.add_identity("EX-2", "phone", "+447700900101")
    assert VerifiedIdentity.objects.get().account.external_id == "EX-2"


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("phone", "+1 (312) 555-0118", "+13125550118"),
        ("phone", "00447700900101", "+447700900101"),
        ("whatsapp", "34600000102", "+34600000102"),
        ("phone", "+0123456789", ""),
        ("phone", "+12", ""),
        ("telegram", " 700000102 ", "700000102"),
        ("x", "12ab", ""),
        ("messenger", "", ""),
        ("email", "a@example.com", ""),
    ],
)
def test_identity_normalise(kind, value, expected):
    assert identity_normalise(kind, value) == expected
