"""The page an email link opens: a GET writes nothing (mail scanners follow links), a POST records
the answer once, a wrong or expired token is 404, and an answer is final after the change window."""

import datetime as dt
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from csat.models import Survey, SurveyChannel
from csat.services import survey_send
from tests.csat.conftest import solved_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

TOKEN = "a-survey-token-that-nobody-can-guess-0123456789"


def _survey(language: str = "en") -> Survey:
    ticket = solved_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    with mock.patch("csat.services.secrets.token_urlsafe", return_value=TOKEN):
        survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None
    return survey


def _url(token: str = TOKEN) -> str:
    return f"/csat/s/{token}/"


def _answer(score: Any, comment: str = "", token: str = TOKEN) -> Any:
    return Client().post(_url(token), {"score": score, "comment": comment})


def test_opening_a_link_shows_the_score_preselected_and_writes_nothing(django_assert_num_queries):
    survey = _survey()
    audits = AuditEvent.objects.count()
    with django_assert_num_queries(1):  # the survey and its ticket, by the token's hash
        response = Client().get(_url() + "?score=4")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="4" required checked' in page and 'value="5" required>' in page
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    survey.refresh_from_db()
    assert (survey.score, survey.responded_at) == (None, None)
    assert AuditEvent.objects.count() == audits


def test_posting_the_form_records_the_score_and_comment_and_thanks_the_customer():
    survey = _survey()
    response = _answer("2", "The agent was slow")
    assert response.status_code == 200 and "Thank you for your feedback." in response.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (2, "The agent was slow")
    assert survey.responded_via == SurveyChannel.EMAIL
    answered = AuditEvent.objects.filter(action="csat.survey_answered", object_id=str(survey.ticket_id))
    assert answered.count() == 1


def test_a_secret_in_the_comment_is_not_kept():
    survey = _survey()
    _answer("1", "you asked for my 2FA code 482913?!")
    survey.refresh_from_db()
    assert "482913" not in survey.comment


@pytest.mark.parametrize("score", ["0", "6", "", "five", "-1"])
def test_a_bad_score_is_refused_with_a_message_and_nothing_is_recorded(score):
    survey = _survey()
    response = _answer(score)
    assert response.status_code == 400 and "Choose a rating from 1 to 5." in response.content.decode()
    survey.refresh_from_db()
    assert survey.score is None


def test_a_wrong_token_is_404_and_a_token_opens_its_own_survey_only():
    first = _survey()
    assert Client().get(_url("not-the-token")).status_code == 404
    assert _answer("5", token="not-the-token").status_code == 404
    with mock.patch("csat.services.secrets.token_urlsafe", return_value="another-token-" + "x" * 30):
        other = survey_send(ticket_id=solved_ticket().pk)
    assert _answer("5", token="another-token-" + "x" * 30).status_code == 200
    first.refresh_from_db()
    assert (first.score, Survey.objects.get(pk=other.pk).score) == (None, 5)  # type: ignore[union-attr]


def test_an_expired_link_is_404(settings):
    _survey()
    later = timezone.now() + dt.timedelta(days=settings.CSAT_EXPIRY_DAYS, minutes=1)
    with time_machine.travel(later):
        assert Client().get(_url()).status_code == 404
        assert _answer("5").status_code == 404


def test_an_answer_may_be_changed_within_the_window_and_is_final_after_it(settings):
    survey = _survey()
    _answer("1")
    _answer("4", "Clicked the wrong one")
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Clicked the wrong one")
    later = timezone.now() + dt.timedelta(minutes=settings.CSAT_CHANGE_MINUTES + 1)
    with time_machine.travel(later):
        response = _answer("1", "changed my mind")
        assert "This survey has already been answered." in response.content.decode()
        assert "already been answered" in Client().get(_url() + "?score=2").content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Clicked the wrong one")


def test_the_page_speaks_the_tickets_language_right_to_left_for_arabic():
    _survey("ar")
    page = Client().get(_url() + "?score=5").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "How did we do?" not in page
