import pytest

from audit.models import AuditEvent
from volatility.demo import DEMO_TITLE, seed_volatility_demo
from volatility.models import MarketEvent

pytestmark = pytest.mark.django_db


def test_the_demo_market_event_is_marked_once_by_a_supervisor(supervisor):
    first = seed_volatility_demo()
    again = seed_volatility_demo()
    assert first is not None and again == first
    event = MarketEvent.objects.get()
    assert (event.title, event.assets, event.created_by) == (DEMO_TITLE, ["BTC", "ETH"], supervisor)
    assert event.end is not None and event.end > event.start
    assert AuditEvent.objects.filter(action="volatility.event_marked").count() == 1


def test_without_a_supervisor_the_demo_marks_nothing(db):
    assert seed_volatility_demo() is None
    assert not MarketEvent.objects.exists()
