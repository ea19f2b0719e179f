"""The demo's satisfaction answers: written once, on solved cases only, one survey per customer
outside chats."""

import pytest

from csat.demo import seed_csat_demo
from csat.models import Survey
from tests.csat.conftest import solved_ticket
from tests.factories import make_customer, make_ticket
from tickets.models import Channel

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_solved_cases_once_and_respects_the_fatigue_rule():
    customer = make_customer()
    first, second = solved_ticket(customer=customer), solved_ticket(customer=customer)
    chat = solved_ticket(customer=customer, channel=Channel.CHAT)
    others = [solved_ticket() for _ in range(12)]
    unsolved = make_ticket()
    assert seed_csat_demo() == 15
    assert seed_csat_demo() == 0
    surveys = {s.ticket_id: s for s in Survey.objects.all()}
    assert unsolved.pk not in surveys
    assert (surveys[first.pk].skip_reason, surveys[second.pk].skip_reason) == ("", "fatigue")
    assert surveys[chat.pk].channel == "widget"
    scores = [surveys[t.pk].score for t in others]
    assert any(scores) and all(s is None or 1 <= s <= 5 for s in scores)
