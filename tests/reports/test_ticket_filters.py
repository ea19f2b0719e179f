"""What a breakdown's key and a filter mean on a ticket: one definition for every metric."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.metrics import Breakdown, ticket_filters_q, ticket_key
from tests.factories import make_team
from tests.reports.test_core_metrics import TODAY, H, ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _ids(filters: dict[str, object]) -> set[int]:
    return set(Ticket.objects.filter(ticket_filters_q(filters)).values_list("pk", flat=True))


def test_in_house_means_a_case_in_no_team_or_in_an_in_house_team():
    inhouse = ticket(TODAY, team=make_team(slug="support"))
    partner = ticket(TODAY, team=make_team(slug="bpo", is_outsourced=True))
    nobody = ticket(TODAY)
    assert _ids({"sourcing": "inhouse"}) == {inhouse.pk, nobody.pk}
    assert _ids({"sourcing": "partner"}) == {partner.pk}
    keys = dict(Ticket.objects.annotate(k=ticket_key(Breakdown.SOURCING)).values_list("pk", "k"))
    assert keys == {inhouse.pk: "inhouse", partner.pk: "partner", nobody.pk: "inhouse"}


def test_a_day_is_a_utc_day_whatever_zone_the_request_activated():
    late = ticket(TODAY + 23 * H + dt.timedelta(minutes=30))
    ticket(TODAY + 24 * H + dt.timedelta(minutes=30))
    with timezone.override("Asia/Tokyo"):
        assert _ids({"day": TODAY.date().isoformat()}) == {late.pk}
        keys = dict(Ticket.objects.annotate(k=ticket_key(Breakdown.DAY)).values_list("pk", "k"))
    assert keys[late.pk] == TODAY.date()


def test_a_list_of_teams_with_none_keeps_the_cases_in_no_team_too():
    team = make_team(slug="support")
    mine = ticket(TODAY, team=team)
    nobody = ticket(TODAY)
    ticket(TODAY, team=make_team(slug="other"))
    assert _ids({"team": [team.pk, None]}) == {mine.pk, nobody.pk}


def test_an_unknown_filter_is_refused_rather_than_ignored():
    with pytest.raises(ValueError):
        ticket_filters_q({"none": 1})
    with pytest.raises(ValueError):
        ticket_filters_q({"region": "eu"})
