"""The two calls the portal makes: `survey_for_ticket` gives the survey a customer may answer, and
`survey_respond` records the answer, one per ticket."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from csat.models import SurveyChannel
from csat.services import survey_for_ticket, survey_respond, survey_send, surveys_send_due
from helpdesk.errors import DomainError
from tests.csat.conftest import solved_ticket
from tests.factories import make_customer, make_ticket

pytestmark = pytest.mark.django_db


def test_a_portal_customers_survey_is_offered_answered_once_and_then_no_longer_offered(settings):
    ticket = solved_ticket(customer=make_customer(email="", external_id="EX-42"))
    assert survey_for_ticket(ticket=ticket) is None  # not sent yet
    surveys_send_due()
    survey = survey_for_ticket(ticket=ticket)
    assert survey is not None and survey.channel == SurveyChannel.PORTAL
    answered = survey_respond(survey=survey, score=5, comment="Thanks", channel=SurveyChannel.PORTAL)
    assert (answered.score, answered.responded_via) == (5, SurveyChannel.PORTAL)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=settings.CSAT_CHANGE_MINUTES + 1)):
        assert survey_for_ticket(ticket=ticket) is None
        again = survey_respond(survey=survey, score=1, channel=SurveyChannel.PORTAL)
    assert again.score == 5


def test_an_emailed_survey_may_be_answered_in_the_portal_instead():
    ticket = solved_ticket()
    survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None and survey_for_ticket(ticket=ticket) == survey
    assert survey_respond(survey=survey, score=3, channel=SurveyChannel.PORTAL).responded_via == "portal"


def test_a_skipped_or_expired_survey_is_not_offered_and_an_answer_to_it_changes_nothing(settings):
    customer = make_customer()
    solved_ticket(customer=customer)
    surveys_send_due()
    skipped_ticket = solved_ticket(customer=customer)
    skipped = survey_send(ticket_id=skipped_ticket.pk)
    assert skipped is not None and skipped.skip_reason == "fatigue"
    assert survey_for_ticket(ticket=skipped_ticket) is None
    assert survey_respond(survey=skipped, score=4, channel=SurveyChannel.PORTAL).score is None
    open_ticket = make_ticket()
    assert survey_for_ticket(ticket=open_ticket) is None


@pytest.mark.parametrize("score", [0, 6, True, "5", None])
def test_a_bad_score_is_a_domain_error(score):
    survey = survey_send(ticket_id=solved_ticket().pk)
    with pytest.raises(DomainError):
        survey_respond(survey=survey, score=score, channel=SurveyChannel.PORTAL)  # type: ignore[arg-type]


def test_an_unknown_channel_is_a_programming_error():
    survey = survey_send(ticket_id=solved_ticket().pk)
    with pytest.raises(ValueError):
        survey_respond(survey=survey, score=4, channel="fax")  # type: ignore[arg-type]
