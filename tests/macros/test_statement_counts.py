"""The picker's list, a render and the macro page take a fixed number of statements, however many macros."""

from django.urls import reverse

from tests.macros.conftest import personal, shared


def many(supervisor, agent, n):
    for i in range(n):
        shared(
            supervisor, title=f"Shared {i}", more={"de": "Hallo", "fr": "Bonjour"}, actions={"tags": ["x"]}
        )
        personal(agent, title=f"Mine {i}")


def test_the_macro_list_for_a_ticket_takes_the_same_statements_for_3_or_30(
    api_client, agent, supervisor, ticket, django_assert_num_queries
):
    url = reverse("api:ticket-macros", kwargs={"ticket": ticket.reference})
    many(supervisor, agent, 3)
    # is the agent a partner's (asked by the ticket's and the macros' access), the ticket, the macros,
    # their variants
    with django_assert_num_queries(5):
        few = api_client.get(url).json()
    many(supervisor, agent, 27)
    with django_assert_num_queries(5):
        more = api_client.get(url).json()
    assert len(more) - len(few) == 54


def test_rendering_a_macro_takes_a_fixed_number_of_statements(
    api_client, agent, supervisor, ticket, django_assert_num_queries
):
    macro = shared(
        supervisor,
        body="Hi {{customer.first_name}} {{triage.txid}}",
        more={"de": "Hallo"},
        actions={"tags": ["x"], "team": ticket.team_id} if ticket.team_id else {"tags": ["x"]},
    )
    url = reverse("api:ticket-macro-render", kwargs={"ticket": ticket.reference, "macro": macro.pk})
    # is the agent a partner's (ticket, macro and masking each ask), the ticket, the macro, its
    # variants, the mentions, the team's name, the usage count
    with django_assert_num_queries(9 if ticket.team_id else 8):
        assert api_client.post(url).status_code == 200


def test_the_macro_page_takes_the_same_statements_for_3_or_30(
    agent_client, agent, supervisor, django_assert_num_queries
):
    many(supervisor, agent, 3)
    # session, user, the clean room's teams, the macros with their teams and owners, their variants,
    # the agent's presence in the top bar
    with django_assert_num_queries(6):
        assert agent_client.get(reverse("macros:macro-list")).status_code == 200
    many(supervisor, agent, 27)
    with django_assert_num_queries(6):
        response = agent_client.get(reverse("macros:macro-list"))
    assert response.content.count(b"data-macro=") >= 60
