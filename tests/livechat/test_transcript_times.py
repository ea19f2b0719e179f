"""A chat transcript tells the customer when each message was sent on their own clock."""

import datetime as dt
import json
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client

from customers.models import Customer
from livechat.identity import identity_sign
from tests.livechat.conftest import start_chat

pytestmark = pytest.mark.django_db

# 14:05 UTC is 23:05 in Tokyo.
INSTANT = dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC)


def test_the_transcript_dates_each_message_in_the_customers_time_zone(
    chat_team, django_capture_on_commit_callbacks
):
    with time_machine.travel(INSTANT, tick=False):
        token = identity_sign({"sub": "EX-5", "email": "yuki@mail.example", "exp": int(time.time()) + 60})
        chat = start_chat(identity=token, message="Where is my BTC?")
        Customer.objects.filter(external_id="EX-5").update(time_zone="Asia/Tokyo")

        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                "/chat/api/transcript/", json.dumps({"token": chat["token"]}), content_type="application/json"
            )

    assert response.status_code == 200
    # The email style of the chat's language (helpdesk/formats.py): CLDR's medium date, short time.
    assert "[Dec 6, 2026, 11:05\u202fPM Asia/Tokyo] You:" in mail.outbox[0].body
