"""The satisfaction survey the access matrix's world holds (tests/ops/access_world.py)."""

from typing import Any

from tickets.models import Ticket


def csat_world(ticket: Ticket) -> dict[str, Any]:
    """An emailed survey on `ticket`, solved for it; its link's token under "csat_token"."""
    from unittest import mock

    from casework.services import ticket_set_status
    from csat.services import survey_send
    from tickets.models import Status

    ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)
    with mock.patch("csat.services.secrets.token_urlsafe", return_value="world-survey-token"):
        survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None and survey.token_hash
    return {"csat_token": "world-survey-token"}
