"""The supervisors' incident pages, the ticket card agents link and unlink from, and odd input to them."""

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client

from audit.models import AuditEvent
from incidents.linking import incident_link
from incidents.models import Incident, IncidentLink, IncidentUpdate, JobState
from tests.factories import make_customer, make_ticket
from tests.incidents.conftest import declare_tron

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam_client(sam: Any) -> Client:
    client = Client()
    client.force_login(sam)
    return client


def test_the_list_shows_active_incidents_with_their_linked_counts_and_a_chart(
    sam_client, sam, django_assert_max_num_queries
):
    tron = declare_tron(sam)
    declare_tron(sam, title="Login slow", networks=[], assets=[], features=["login"], keywords=[])
    for i in range(3):
        incident_link(
            incident=tron,
            ticket=make_ticket(customer=make_customer(external_id=f"E{i}")),
            actor=sam,
            answer=False,
        )
    with django_assert_max_num_queries(12):
        response = sam_client.get("/incidents/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tron network congestion" in html and "Login slow" in html
    assert "<svg" in html and "Linked tickets per hour: 3 in all" in html
    row = html.split("Tron network congestion")[1].split("</tr>")[0]
    assert "<td>3</td>" in row


def test_a_supervisor_declares_an_incident_from_the_form(sam_client):
    response = sam_client.post(
        "/incidents/new/",
        {
            "title": "Solana deposits delayed",
            "status": "identified",
            "networks": ["solana"],
            "features": ["deposits"],
            "keywords": "sol deposit late\nsolana slow",
            "message_en": "Solana deposits are credited with a delay.",
            "message_es": "Los depósitos de Solana se acreditan con retraso.",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    assert (incident.networks, incident.features, incident.keywords) == (
        ["solana"],
        ["deposits"],
        ["sol deposit late", "solana slow"],
    )
    assert AuditEvent.objects.filter(action="incident.declared", object_id=str(incident.pk)).count() == 1


def test_declaring_without_an_english_message_is_refused_with_a_reason(sam_client):
    response = sam_client.post(
        "/incidents/new/",
        {"title": "X", "status": "investigating", "networks": ["tron"], "message_es": "Hola"},
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()
    assert "This field is required" in response.content.decode()


def test_posting_an_update_shows_its_progress_bar_that_polls_until_done(sam_client, sam, monkeypatch):
    import incidents.tasks

    tron = declare_tron(sam)
    monkeypatch.setattr(incidents.tasks.incident_update_deliver_task, "delay", lambda *a, **k: None)
    response = sam_client.post(
        f"/incidents/{tron.pk}/updates/", {"status": "identified", "message_en": "Cause found."}
    )
    assert response.status_code == 302
    update = IncidentUpdate.objects.get(incident=tron, broadcast=True)
    page = sam_client.get(f"/incidents/{tron.pk}/").content.decode()
    assert f'hx-get="/incidents/updates/{update.pk}/progress/"' in page
    IncidentUpdate.objects.filter(pk=update.pk).update(job_state=JobState.FINISHED, total=4, done=3, failed=1)
    partial = sam_client.get(f"/incidents/updates/{update.pk}/progress/").content.decode()
    assert "hx-get" not in partial and 'value="100"' in partial and "3 of 4 tickets, 1 failed" in partial


def test_an_agent_links_and_unlinks_from_the_ticket_card_and_both_are_audited(agent_client, agent, sam):
    tron = declare_tron(sam)
    ticket = make_ticket()
    card = Template("{% load incidents %}{% incident_card ticket %}").render(
        Context({"ticket": ticket, "csrf_token": "tok"})
    )
    assert f'action="/incidents/tickets/{ticket.pk}/link/"' in card and tron.title in card
    response = agent_client.post(f"/incidents/tickets/{ticket.pk}/link/", {"incident": tron.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"/tickets/{ticket.pk}/#incidents")
    link = IncidentLink.objects.get(ticket=ticket)
    assert (link.source, link.linked_by) == ("agent", agent)
    card = Template("{% load incidents %}{% incident_card ticket %}").render(Context({"ticket": ticket}))
    assert f'action="/incidents/tickets/{ticket.pk}/unlink/"' in card
    agent_client.post(f"/incidents/tickets/{ticket.pk}/unlink/", {"incident": tron.pk})
    link.refresh_from_db()
    assert link.unlinked_by == agent and link.unlinked_at is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(ticket.pk), action__startswith="ticket.incident").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["ticket.incident_linked", "ticket.incident_unlinked"]


def test_the_ticket_card_escapes_what_it_shows(sam):
    declare_tron(sam, title="<script>alert(1)</script>")
    ticket = make_ticket()
    card = Template("{% load incidents %}{% incident_card ticket %}").render(Context({"ticket": ticket}))
    assert "<script>" not in card and "&lt;script&gt;" in card


ODD = ["²", "-1", "0", "99999999999999999999", "%00", "a%00b", "%ED%A0%80"]
FORM_VALUES = ["²", "a\x00b", "-1", "99999999999999999999", "[" * 5000, "\ufffd"]


def test_no_incident_page_with_odd_input_is_a_server_error(sam_client, sam):
    tron = declare_tron(sam)
    ticket = make_ticket()
    client = Client(raise_request_exception=False)
    client.force_login(sam)
    errors = []
    for odd in ODD:
        for url in (
            f"/incidents/{odd}/",
            f"/incidents/{odd}/edit/",
            f"/incidents/updates/{odd}/progress/",
            f"/incidents/banner.json?language={odd}",
        ):
            if client.get(url).status_code >= 500:
                errors.append(url)
    fields = [
        "incident",
        "status",
        "title",
        "networks",
        "assets",
        "features",
        "keywords",
        "message_en",
        "message_es",
    ]
    for value in FORM_VALUES:
        for url in (
            "/incidents/new/",
            f"/incidents/{tron.pk}/edit/",
            f"/incidents/{tron.pk}/updates/",
            f"/incidents/tickets/{ticket.pk}/link/",
            f"/incidents/tickets/{ticket.pk}/unlink/",
        ):
            status = client.post(url, {f: value for f in fields}).status_code
            if status >= 500:
                errors.append(f"{url} {value[:5]!r} {status}")
    assert errors == []


def test_the_admin_shows_incidents_and_offers_no_way_to_change_them(sam, django_capture_on_commit_callbacks):
    from tests.factories import make_agent

    tron = declare_tron(sam)
    with django_capture_on_commit_callbacks(execute=True):
        incident_link(incident=tron, ticket=make_ticket(), actor=sam)
    admin = make_agent(username="ada", role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for model in ("incident", "incidentupdate", "incidentlink", "incidentdelivery"):
        assert client.get(f"/admin/incidents/{model}/").status_code == 200
        assert client.get(f"/admin/incidents/{model}/add/").status_code == 403
    assert client.get(f"/admin/incidents/incidentupdate/{tron.current_update_id}/change/").status_code == 200


def test_the_ticket_timeline_says_in_words_when_a_ticket_was_linked_and_unlinked(agent_client, agent, sam):
    tron = declare_tron(sam)
    ticket = make_ticket()
    agent_client.post(f"/incidents/tickets/{ticket.pk}/link/", {"incident": tron.pk})
    agent_client.post(f"/incidents/tickets/{ticket.pk}/unlink/", {"incident": tron.pk})

    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert f"linked the ticket to the incident “{tron.title}”" in page
    assert f"unlinked the ticket from the incident “{tron.title}”" in page
    assert "incident linked" not in page
