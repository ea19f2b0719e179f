"""The high-risk actions: signed, sent once with an idempotency key, applied at most once per key."""

import pytest

from exchange.client import ExchangeActionError
from exchange.reference import scenario
from exchange.reference.models import Account, Action, Fault, SecurityEvent

pytestmark = pytest.mark.django_db(transaction=True)

APPROVERS = ("sup-1", "sup-2")


def test_unlocking_withdrawals_twice_with_one_key_unlocks_once_and_says_the_second_was_a_replay(
    reference_exchange,
):
    scenario.lock_withdrawals(scenario.add_account("EX-1"), "Hold after a password change")
    client = reference_exchange.client()
    first = client.unlock_withdrawals(
        "EX-1", reason="Verified by video call", approver_ids=APPROVERS, idempotency_key="k-1"
    )
    again = client.unlock_withdrawals(
        "EX-1", reason="Verified by video call", approver_ids=APPROVERS, idempotency_key="k-1"
    )
    assert first.status == "done" and not first.replayed
    assert again.replayed and again.action_id == first.action_id
    account = Account.objects.get(external_id="EX-1")
    assert (
        not account.withdrawals_locked
        and account.lock_reason == ""
        and "withdrawals_locked" not in account.flags
    )
    assert Action.objects.count() == 1


def test_a_key_reused_for_another_request_is_refused(reference_exchange):
    scenario.add_account("EX-1")
    client = reference_exchange.client()
    client.reset_2fa(
        "EX-1", reason="Lost phone, identity verified", approver_ids=APPROVERS, idempotency_key="k-2"
    )
    with pytest.raises(ExchangeActionError) as refused:
        client.revoke_api_keys("EX-1", reason="Leaked key", approver_ids=APPROVERS, idempotency_key="k-2")
    assert refused.value.status == 409 and not refused.value.outcome_unknown
    assert SecurityEvent.objects.filter(kind="2fa_changed").count() == 1


def test_changing_the_email_validates_it_and_records_a_security_event(reference_exchange):
    scenario.add_account("EX-1", email="old@mail.example")
    client = reference_exchange.client()
    with pytest.raises(ExchangeActionError) as refused:
        client.change_email(
            "EX-1", new_email="not an email", reason="r", approver_ids=APPROVERS, idempotency_key="k-3"
        )
    assert refused.value.status == 400 and "new_email" in refused.value.message
    client.change_email(
        "EX-1", new_email="new@mail.example", reason="r", approver_ids=APPROVERS, idempotency_key="k-4"
    )
    assert Account.objects.get().email == "new@mail.example"
    assert SecurityEvent.objects.filter(kind="email_changed").count() == 1


def test_an_action_is_never_retried_by_the_client(reference_exchange):
    scenario.lock_withdrawals(scenario.add_account("EX-1"), "Hold")
    scenario.set_fault("unavailable", times=3)
    with pytest.raises(ExchangeActionError) as failed:
        reference_exchange.client().unlock_withdrawals(
            "EX-1", reason="r", approver_ids=APPROVERS, idempotency_key="k-5"
        )
    assert failed.value.outcome_unknown and failed.value.status == 503
    assert Fault.objects.get().remaining == 2  # one request, no retry
    assert Account.objects.get().withdrawals_locked


def test_an_action_needs_a_key_and_two_different_approvers(reference_exchange):
    client = reference_exchange.client()
    with pytest.raises(ValueError, match="idempotency key"):
        client.reset_2fa("EX-1", reason="r", approver_ids=APPROVERS, idempotency_key="")
    with pytest.raises(ValueError, match="two different approvers"):
        client.reset_2fa("EX-1", reason="r", approver_ids=("sup-1", "sup-1"), idempotency_key="k")
    with pytest.raises(ValueError, match="two different approvers"):
        client.reset_2fa("EX-1", reason="r", approver_ids=("sup-1",), idempotency_key="k")
    with pytest.raises(ValueError, match="two different approvers"):
        client.reset_2fa("EX-1", reason="r", approver_ids=("a", "b", "a"), idempotency_key="k")


def test_an_action_on_an_unknown_account_is_a_404(reference_exchange):
    with pytest.raises(ExchangeActionError) as failed:
        reference_exchange.client().reset_2fa(
            "EX-NOBODY", reason="r", approver_ids=APPROVERS, idempotency_key="k"
        )
    assert failed.value.status == 404


def test_raising_the_withdrawal_limit_is_recorded_once_with_the_maker_and_two_approvers(reference_exchange):
    scenario.add_account("EX-1")
    client = reference_exchange.client()
    people = ("agent-1", "sup-1", "sup-2")
    first = client.raise_withdrawal_limit(
        "EX-1", new_limit="25000.50", currency="USD", reason="Source of funds reviewed",
        approver_ids=people, idempotency_key="k-6",
    )  # fmt: skip
    again = client.raise_withdrawal_limit(
        "EX-1", new_limit="25000.50", currency="USD", reason="Source of funds reviewed",
        approver_ids=people, idempotency_key="k-6",
    )  # fmt: skip
    assert first.status == "done" and not first.replayed and again.replayed
    (done,) = Action.objects.all()
    assert done.kind == "raise-withdrawal-limit" and done.approver_ids == list(people)
    assert done.detail == {"new_limit": "25000.5", "currency": "USD"}


@pytest.mark.parametrize(
    ("new_limit", "currency", "complaint"),
    [("-5", "USD", "new_limit"), ("lots", "USD", "new_limit"), ("0", "USD", "new_limit"),
     ("100", "usd", "currency"), ("100", "DOLLAR", "currency")],
)  # fmt: skip
def test_a_withdrawal_limit_that_is_not_a_positive_amount_in_a_currency_is_a_400(
    reference_exchange, new_limit, currency, complaint
):
    scenario.add_account("EX-1")
    with pytest.raises(ExchangeActionError) as refused:
        reference_exchange.client().raise_withdrawal_limit(
            "EX-1", new_limit=new_limit, currency=currency, reason="r", approver_ids=APPROVERS,
            idempotency_key="k-7",
        )  # fmt: skip
    assert refused.value.status == 400 and complaint in refused.value.message
    assert not Action.objects.exists()
