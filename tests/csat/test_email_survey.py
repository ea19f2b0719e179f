"""The email survey: queued after commit through the mail outbox, five one-click links in the
ticket's language (right to left for Arabic and Persian), and only the token's hash stored."""

import hashlib
import re
from unittest import mock

import pytest
from django.core import mail as outbox

from csat.models import Survey
from csat.services import survey_send
from mail.models import OutboundKind, OutboundMessage
from tests.csat.conftest import solved_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"]+/csat/s/([A-Za-z0-9_-]+)/\?score=(\d)")


def _send(language: str = "en") -> tuple[Survey, OutboundMessage]:
    ticket = solved_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(language=language)
    survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None
    return survey, OutboundMessage.objects.get(ticket=ticket, kind=OutboundKind.SURVEY)


def test_the_survey_email_has_five_one_click_links_carrying_a_token_whose_hash_alone_is_stored():
    survey, out = _send()
    links = LINK.findall(out.text)
    assert [score for _token, score in links] == ["1", "2", "3", "4", "5"]
    token = {t for t, _s in links}.pop()
    assert len({t for t, _s in links}) == 1 and len(token) >= 40
    assert survey.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Survey.objects.filter(pk=survey.pk).values().get())
    assert [score for _t, score in LINK.findall(out.html)] == ["1", "2", "3", "4", "5"]
    assert (out.to, out.auto_submitted) == ([survey.ticket.customer.email], True)
    assert survey.ticket.reference in out.subject


def test_the_email_is_sent_only_after_the_survey_commits(django_capture_on_commit_callbacks):
    ticket = solved_ticket()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        survey_send(ticket_id=ticket.pk)
    assert not [m for m in outbox.outbox if "How did we do?" in m.subject]
    for callback in callbacks:
        callback()
    assert [m.to for m in outbox.outbox if ticket.reference in m.subject and "How" in m.subject] == [
        [ticket.customer.email]
    ]


def test_a_spanish_ticket_gets_its_survey_in_spanish():
    _survey, out = _send("es")
    assert "¿Qué tal lo hicimos?" in out.subject
    assert "Muy satisfecho" in out.html and 'lang="es"' in out.html and 'dir="ltr"' in out.html


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_an_arabic_or_persian_survey_reads_right_to_left(language):
    _survey, out = _send(language)
    assert f'lang="{language}"' in out.html and 'dir="rtl"' in out.html
    assert "How did we do?" not in out.subject


def test_a_token_that_cannot_be_guessed_is_made_for_each_survey():
    with mock.patch("csat.services.secrets.token_urlsafe", wraps=__import__("secrets").token_urlsafe) as made:
        first, _ = _send()
        second, _ = _send()
    assert made.call_args_list == [mock.call(32), mock.call(32)]
    assert first.token_hash != second.token_hash
