"""Who sees which macro: personal ones are their owner's, partner agents only their teams' shared ones."""

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from macros.access import macros_visible_to
from tests.factories import make_agent, make_ticket
from tests.macros.conftest import personal, shared


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def titles(client, ticket):
    response = client.get(reverse("api:ticket-macros", kwargs={"ticket": ticket.reference}))
    assert response.status_code == 200
    return {row["title"] for row in response.json()}


def test_another_agents_personal_macro_is_a_404_everywhere(agent, ticket):
    bob = make_agent(username="bob", first_name="Bob")
    bobs = personal(bob, title="Bob's")
    url = reverse("api:ticket-macro-render", kwargs={"ticket": ticket.reference, "macro": bobs.pk})
    assert api_as(agent).post(url).status_code == 404
    page = Client()
    page.force_login(agent)
    assert page.get(reverse("macros:macro-edit", args=[bobs.pk])).status_code == 404
    assert page.post(reverse("macros:macro-deactivate", args=[bobs.pk])).status_code == 404
    assert "Bob's" not in titles(api_as(agent), ticket)


def test_a_partner_sees_only_the_shared_macros_of_their_teams(
    partner, partner_team, partner_ticket, supervisor
):
    everyone = shared(supervisor, title="For everyone")
    theirs = shared(supervisor, title="Partner desk", team=partner_team)
    seen = titles(api_as(partner), partner_ticket)
    assert "Partner desk" in seen and "For everyone" not in seen
    assert "Greeting" not in seen  # the seeded canned replies are in-house
    url = reverse(
        "api:ticket-macro-render", kwargs={"ticket": partner_ticket.reference, "macro": everyone.pk}
    )
    assert api_as(partner).post(url).status_code == 404
    assert theirs in macros_visible_to(partner)


def test_an_in_house_agent_sees_shared_macros_but_not_another_teams(agent, partner_team, ticket, supervisor):
    shared(supervisor, title="For everyone")
    shared(supervisor, title="Partner desk", team=partner_team)
    seen = titles(api_as(agent), ticket)
    assert "For everyone" in seen and "Partner desk" not in seen


def test_a_partner_cannot_use_a_macro_on_a_ticket_outside_their_teams(
    partner, partner_team, inhouse_team, supervisor
):
    ticket = make_ticket(team=inhouse_team)
    assert ticket.team == inhouse_team
    theirs = shared(supervisor, title="Partner desk", team=partner_team)
    url = reverse("api:ticket-macro-render", kwargs={"ticket": ticket.reference, "macro": theirs.pk})
    assert api_as(partner).post(url).status_code == 404
    assert (
        api_as(partner).get(reverse("api:ticket-macros", kwargs={"ticket": ticket.reference})).status_code
        == 404
    )


def test_an_agent_cannot_change_a_shared_macro(agent, supervisor):
    macro = shared(supervisor)
    page = Client()
    page.force_login(agent)
    assert page.get(reverse("macros:macro-edit", args=[macro.pk])).status_code == 403
    assert page.post(reverse("macros:macro-deactivate", args=[macro.pk])).status_code == 403
    macro.refresh_from_db()
    assert macro.is_active


def test_an_auditor_has_no_macros(ticket, supervisor):
    auditor = make_agent(username="otto", role="auditor")
    shared(supervisor)
    assert not macros_visible_to(auditor).exists()
    page = Client()
    page.force_login(auditor)
    assert page.get(reverse("macros:macro-list")).status_code == 403
