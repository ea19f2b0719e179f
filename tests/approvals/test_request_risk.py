"""The request's risk comes from the real assessment: the exchange's security events (over HTTP) and the
customer's words. High risk raises the policy: the security team must approve, after a cooling-off."""

import datetime as dt

import pytest

from approvals.models import ActionKind, RiskLevel
from approvals.services import ApprovalRefused
from exchange.reference import scenario
from tests.approvals.core_helpers import approve, make_approver, request_for
from tests.factories import make_agent, make_customer, make_ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_a_2fa_reset_asked_for_a_day_after_the_email_changed_is_high_risk(reference_exchange, settings):
    settings.APPROVALS_HIGH_RISK_COOLING_OFF_HOURS = 24
    scenario.add_security_event(scenario.add_account("EX-1"), "email_changed", at=scenario.ago(hours=20))
    ticket = make_ticket(
        customer=make_customer(external_id="EX-1"),
        subject="Locked out",
        body="I lost my phone. Please reset my 2FA, my authenticator codes no longer work.",
    )
    request = request_for(ticket, make_agent(), ActionKind.RESET_2FA)
    # (An identical assessment made a moment ago, when the message came in, is reused as it stands.)
    assert request.risk is not None and request.cooling_off_until is not None
    assert request.risk_level == RiskLevel.HIGH and request.risk.level == RiskLevel.HIGH
    assert "critical_recent_change_and_ask" in {f["code"] for f in request.risk.facts}
    assert request.needs_security_team and request.in_house_only
    assert request.cooling_off_until - request.created_at == dt.timedelta(hours=24)
    with pytest.raises(ApprovalRefused) as refused:
        approve(request, make_approver("sofia"))
    assert refused.value.code == "needs_security_team"
    assert approve(request, make_approver("kenji", security=True)).status == "approved"


def test_a_quiet_account_asking_to_revoke_its_keys_is_not_high_risk(reference_exchange):
    scenario.add_account("EX-2")
    ticket = make_ticket(
        customer=make_customer(external_id="EX-2"),
        subject="API keys",
        body="Could you revoke all my API keys? I am closing my trading bot.",
    )
    request = request_for(ticket, make_agent(), ActionKind.REVOKE_API_KEYS)
    assert request.risk_level != RiskLevel.HIGH and not request.needs_security_team
    assert not request.in_house_only and request.cooling_off_until is None
