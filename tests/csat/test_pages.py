"""What agents see: the answer on the ticket page, and for supervisors the list of recent answers."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from csat.models import SurveyChannel
from csat.services import survey_respond, survey_send
from tests.csat.conftest import solved_ticket
from tests.factories import make_agent, make_team

pytestmark = pytest.mark.django_db


def _answered(score: int, comment: str = "", **fields: Any) -> Any:
    ticket = solved_ticket(**fields)
    survey = survey_send(ticket_id=ticket.pk)
    assert survey is not None
    return survey_respond(survey=survey, score=score, comment=comment, channel=SurveyChannel.EMAIL)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _statements(client: Client, url: str) -> tuple[int, str]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_ticket_page_shows_the_customers_score_and_comment_for_one_more_statement(agent_client):
    plain = solved_ticket()
    survey = _answered(2, "Took three days to answer", team=plain.team)
    before, _page = _statements(agent_client, f"/tickets/{plain.pk}/")
    after, page = _statements(agent_client, f"/tickets/{survey.ticket_id}/")
    assert "2/5" in page and "Took three days to answer" in page
    assert after == before  # a solved ticket reads its survey whether it has one or not


def test_a_ticket_never_solved_reads_no_survey(agent_client):
    from tests.factories import make_ticket

    ticket = make_ticket(team=make_team())
    _count, page = _statements(agent_client, f"/tickets/{ticket.pk}/")
    assert 'id="csat"' not in page


def test_supervisors_see_recent_answers_newest_first_in_a_fixed_number_of_statements(supervisor):
    client = _client(supervisor)
    _answered(5, "Great")
    one, _page = _statements(client, "/csat/")
    for n in range(4):
        _answered(n + 1, f"answer {n}", assignee=make_agent(username=f"agent{n}"))
    many, page = _statements(client, "/csat/")
    assert many == one
    assert page.index("answer 3") < page.index("answer 0") < page.index("Great")


def test_agents_and_partner_agents_may_not_see_the_list(agent):
    assert _client(agent).get("/csat/").status_code == 403
    partner_team = make_team(is_outsourced=True)
    partner = make_agent(username="pat")
    partner.teams.add(partner_team)
    assert _client(partner).get("/csat/").status_code == 403
