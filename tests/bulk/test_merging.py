"""Merging a duplicate into another case and linking related cases: the source is closed with a pointer,
both timelines are kept, the target reads the source's entries, the customer's next messages land on
the target, every change is audited, and what the actor may not do is refused."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from casework.merging import ticket_link, ticket_merge
from casework.services import ticket_set_status
from helpdesk.errors import DomainError
from intake.pipeline import customer_message_add
from tests.bulk.conftest import client_for, tickets
from tests.factories import make_customer, make_ticket
from tickets.models import EntryKind, Status, Ticket, TimelineEntry

pytestmark = pytest.mark.django_db


def test_a_merged_ticket_is_closed_with_a_pointer_and_both_timelines_are_kept(agent, general):
    source, target = tickets(2, team=general)
    before = set(TimelineEntry.objects.filter(ticket=source).values_list("pk", flat=True))

    ticket_merge(source=source, target=target, actor=agent, reason="same withdrawal")

    source.refresh_from_db()
    assert source.status == Status.CLOSED and source.merged_into_id == target.pk
    # Nothing was copied or moved: the source keeps every entry, plus the event that says where it went.
    assert before < set(TimelineEntry.objects.filter(ticket=source).values_list("pk", flat=True))
    assert TimelineEntry.objects.filter(ticket=target, data__event="merged_from").count() == 1
    event = AuditEvent.objects.get(action="ticket.merged", object_id=str(source.pk))
    assert event.after is not None
    assert event.after["merged_into"] == target.pk and event.reason == "same withdrawal"


def test_the_target_page_shows_the_sources_entries_marked_with_their_ticket(agent, agent_client, general):
    customer = make_customer()
    source = make_ticket(customer=customer, team=general, body="Sent 0.5 BTC yesterday, still nothing.")
    target = make_ticket(customer=customer, team=general, body="Where is my bitcoin?")
    ticket_merge(source=source, target=target, actor=agent)

    page = agent_client.get(reverse("tickets:ticket-detail", args=[target.pk])).content.decode()

    assert "Sent 0.5 BTC yesterday, still nothing." in page
    assert f"from {source.reference}" in page
    panel = agent_client.get(reverse("tickets:ticket-links", args=[target.pk])).content.decode()
    assert source.reference in panel
    source_panel = agent_client.get(reverse("tickets:ticket-links", args=[source.pk])).content.decode()
    assert "Merged into" in source_panel and target.reference in source_panel


def test_the_customers_next_message_on_the_source_lands_on_the_target(agent, general):
    source, target = tickets(2, team=general)
    ticket_merge(source=source, target=target, actor=agent)

    entry = customer_message_add(ticket=source, body="Any news on my deposit?")

    assert entry.ticket_id == target.pk and entry.data["arrived_on"] == source.pk
    assert entry.kind == EntryKind.CUSTOMER_MESSAGE
    source.refresh_from_db()
    assert source.status == Status.CLOSED


def test_merging_across_customers_needs_a_supervisor_who_confirms(agent, supervisor, general):
    mine = make_ticket(customer=make_customer(), team=general)
    theirs = make_ticket(customer=make_customer(), team=general)

    with pytest.raises(DomainError) as agent_refused:
        ticket_merge(source=mine, target=theirs, actor=agent, confirm_other_customer=True)
    assert agent_refused.value.code == "other_customer"
    with pytest.raises(DomainError) as unconfirmed:
        ticket_merge(source=mine, target=theirs, actor=supervisor)
    assert unconfirmed.value.code == "confirm_other_customer"
    assert Ticket.objects.get(pk=mine.pk).merged_into_id is None

    ticket_merge(source=mine, target=theirs, actor=supervisor, confirm_other_customer=True)
    after = AuditEvent.objects.get(action="ticket.merged").after
    assert after is not None and after["same_customer"] is False


def test_a_partner_agent_cannot_merge_or_link_a_case_outside_their_teams(
    partner_agent, partner_team, general
):
    theirs = make_ticket(team=partner_team)
    inhouse = make_ticket(customer=theirs.customer, team=general)

    with pytest.raises(DomainError):
        ticket_merge(source=theirs, target=inhouse, actor=partner_agent)
    with pytest.raises(DomainError):
        ticket_link(ticket=theirs, other=inhouse, actor=partner_agent)
    page = client_for(partner_agent).post(
        reverse("tickets:ticket-merge", args=[inhouse.pk]), {"target": theirs.reference}
    )
    assert page.status_code == 404
    assert not Ticket.objects.filter(merged_into__isnull=False).exists()


def test_closed_and_already_merged_tickets_are_refused(agent, general):
    a, b, c = tickets(3, team=general)
    ticket_merge(source=a, target=b, actor=agent)
    with pytest.raises(DomainError, match="already merged"):
        ticket_merge(source=a, target=c, actor=agent)
    with pytest.raises(DomainError, match="merge into that one"):
        ticket_merge(source=c, target=a, actor=agent)
    ticket_set_status(ticket=c, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=c, actor=agent, status=Status.CLOSED)
    with pytest.raises(DomainError, match="closed"):
        ticket_merge(source=c, target=b, actor=agent)
    with pytest.raises(DomainError):
        ticket_merge(source=c, target=c, actor=agent)


def test_merging_a_target_on_re_points_its_sources_so_no_timeline_is_lost(agent, agent_client, general):
    customer = make_customer()
    a = make_ticket(customer=customer, team=general, body="First copy of the question.")
    b = make_ticket(customer=customer, team=general, body="Second copy.")
    c = make_ticket(customer=customer, team=general, body="Third copy.")
    ticket_merge(source=a, target=b, actor=agent)
    ticket_merge(source=b, target=c, actor=agent)

    assert Ticket.objects.get(pk=a.pk).merged_into_id == c.pk
    page = agent_client.get(reverse("tickets:ticket-detail", args=[c.pk])).content.decode()
    assert "First copy of the question." in page and "Second copy." in page
    assert customer_message_add(ticket=a, body="Hello?").ticket_id == c.pk


def test_the_merge_form_merges_and_opens_the_target(agent_client, general):
    source, target = tickets(2, team=general)
    response = agent_client.post(
        reverse("tickets:ticket-merge", args=[source.pk]), {"target": target.reference, "reason": "dup"}
    )
    assert response.status_code == 302 and response.url == reverse("tickets:ticket-detail", args=[target.pk])
    assert Ticket.objects.get(pk=source.pk).merged_into_id == target.pk


def test_the_api_merges_links_and_unlinks(api_client, general):
    a, b, c = tickets(3, team=general)

    merged = api_client.post(f"/api/tickets/{a.pk}/merge/", {"target": b.reference}, format="json")
    assert merged.status_code == 200 and merged.json() == {"source": a.pk, "target": b.pk}
    again = api_client.post(f"/api/tickets/{a.pk}/merge/", {"target": c.pk}, format="json")
    assert again.status_code == 400 and "already merged" in again.json()["message"]

    linked = api_client.post(f"/api/tickets/{b.pk}/links/", {"other": c.reference}, format="json")
    assert linked.status_code == 201 and [t["id"] for t in linked.json()] == [c.pk]
    # Shown from both sides.
    assert [t["id"] for t in api_client.get(f"/api/tickets/{c.pk}/links/").json()] == [b.pk]
    assert api_client.delete(f"/api/tickets/{c.pk}/links/{b.pk}/").status_code == 204
    assert api_client.get(f"/api/tickets/{b.pk}/links/").json() == []
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"ticket.merged", "ticket.linked", "ticket.unlinked"} <= actions


def test_a_link_is_shown_on_both_ticket_pages(agent, agent_client, general):
    a, b = tickets(2, team=general)
    response = agent_client.post(reverse("tickets:ticket-link", args=[a.pk]), {"other": b.reference})
    assert response.status_code == 302
    for one, other in ((a, b), (b, a)):
        panel = agent_client.get(reverse("tickets:ticket-links", args=[one.pk])).content.decode()
        assert f'data-linked="{other.pk}"' in panel


def test_the_api_refuses_a_merge_into_a_ticket_the_partner_cannot_see(partner_agent, partner_team, general):
    theirs = make_ticket(team=partner_team)
    inhouse = make_ticket(customer=theirs.customer, team=general)
    client = APIClient()
    client.force_authenticate(partner_agent)
    response = client.post(f"/api/tickets/{theirs.pk}/merge/", {"target": inhouse.pk}, format="json")
    assert response.status_code == 404
