"""A chat's survey is the rating its widget asks for when the chat ends: that rating is the chat
ticket's one survey answer, and ratings given before surveys existed were carried over."""

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from csat.models import Survey, SurveyChannel
from csat.services import survey_for_ticket, surveys_send_due
from livechat.models import Conversation
from livechat.services import chat_end
from tests.factories import make_team
from tests.livechat.conftest import start_chat
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(db: None) -> dict[str, Any]:
    make_team(name="Chat", slug="chat", tier=1, languages=["en", "es"], chat_capacity=3)
    return start_chat()


def _rate(chat: dict[str, Any], rating: int, comment: str = "") -> Any:
    body = json.dumps({"token": chat["token"], "rating": rating, "comment": comment})
    return Client().post("/chat/api/rating/", body, content_type="application/json")


def _ticket(chat: dict[str, Any]) -> Ticket:
    return Conversation.objects.select_related("ticket").get(pk=chat["conversation"]).ticket


def test_the_widgets_rating_becomes_the_chat_tickets_survey_answer(chat):
    chat_end(conversation_id=chat["conversation"], actor=None)
    assert _rate(chat, 4, "Quick and kind").status_code == 200
    survey = Survey.objects.get(ticket=_ticket(chat))
    assert (survey.score, survey.comment, survey.channel, survey.responded_via) == (
        4,
        "Quick and kind",
        SurveyChannel.WIDGET,
        SurveyChannel.WIDGET,
    )
    # The sweep finds the chat surveyed already and sends nothing more.
    assert surveys_send_due() == 0


def test_the_sweep_first_then_the_rating_make_one_survey(chat):
    chat_end(conversation_id=chat["conversation"], actor=None)
    assert surveys_send_due() == 1
    survey = Survey.objects.get(ticket=_ticket(chat))
    assert (survey.channel, survey.score) == (SurveyChannel.WIDGET, None)
    assert survey_for_ticket(ticket=_ticket(chat)) == survey
    _rate(chat, 2)
    assert Survey.objects.filter(ticket=_ticket(chat)).count() == 1
    survey.refresh_from_db()
    assert survey.score == 2


def test_a_changed_rating_in_the_window_replaces_the_answer(chat):
    _rate(chat, 1)
    _rate(chat, 5, "Sorry, wrong star")
    survey = Survey.objects.get(ticket=_ticket(chat))
    assert (survey.score, survey.comment) == (5, "Sorry, wrong star")


def test_ratings_given_before_surveys_existed_become_survey_answers(chat):
    ticket = _ticket(chat)
    Conversation.objects.filter(pk=chat["conversation"]).update(rating=3, rating_comment="ok")
    migration = importlib.import_module("csat.migrations.0002_chat_ratings")
    migration.forward(apps, None)
    migration.forward(apps, None)  # once per ticket, however often it runs
    survey = Survey.objects.get(ticket=ticket)
    assert (survey.score, survey.comment, survey.responded_via) == (3, "ok", SurveyChannel.WIDGET)
    assert survey.customer_id == ticket.customer_id
