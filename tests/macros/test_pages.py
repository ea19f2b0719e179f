"""The macro pages: create, edit and deactivate through forms, with clear validation messages."""

from django.urls import reverse

from audit.models import AuditEvent
from macros.models import Macro, Scope
from tests.macros.conftest import personal, shared


def test_an_agent_creates_a_personal_macro_with_a_german_text_and_actions(agent_client, agent):
    response = agent_client.post(
        reverse("macros:macro-create"),
        {
            "title": "Docs please",
            "scope": "personal",
            "body_default": "Please send the documents, {{customer.first_name}}.",
            "body_de": "Bitte senden Sie die Unterlagen, {{customer.first_name}}.",
            "action_status": "pending",
            "action_tags": "kyc",
            "action_assign_me": "on",
        },
    )
    assert response.status_code == 302
    macro = Macro.objects.get(title="Docs please")
    assert macro.scope == Scope.PERSONAL and macro.owner == agent
    assert macro.actions == {"status": "pending", "tags": ["kyc"], "assign": "me"}
    assert dict(macro.variants.values_list("language", "body"))["de"].startswith("Bitte")
    assert AuditEvent.objects.filter(action="macro.created", object_id=str(macro.pk)).exists()


def test_an_agent_is_not_offered_a_shared_macro_and_cannot_post_one(agent_client):
    page = agent_client.get(reverse("macros:macro-create")).content.decode()
    assert 'value="shared"' not in page
    response = agent_client.post(
        reverse("macros:macro-create"), {"title": "Sneaky", "scope": "shared", "body_default": "Hi"}
    )
    assert response.status_code == 400
    assert not Macro.objects.filter(title="Sneaky").exists()


def test_an_unknown_placeholder_is_named_on_the_form(agent_client):
    response = agent_client.post(
        reverse("macros:macro-create"),
        {"title": "Bad", "scope": "personal", "body_default": "Hi {{customer.iban}}"},
    )
    assert response.status_code == 400
    assert "unknown placeholders: {{customer.iban}}" in response.content.decode()


def test_a_supervisor_edits_a_shared_macro_and_deactivates_it(supervisor, client):
    client.force_login(supervisor)
    macro = shared(supervisor)
    response = client.post(
        reverse("macros:macro-edit", args=[macro.pk]),
        {"title": "Welcome", "body_default": "Welcome!", "body_fr": "Bienvenue !", "is_active": "on"},
    )
    assert response.status_code == 302
    macro.refresh_from_db()
    assert macro.title == "Welcome"
    assert set(macro.variants.values_list("language", flat=True)) == {"", "fr"}
    client.post(reverse("macros:macro-deactivate", args=[macro.pk]))
    macro.refresh_from_db()
    assert not macro.is_active


def test_the_list_shows_mine_and_the_shared_ones_with_edit_links_only_where_i_may(
    agent_client, agent, supervisor
):
    mine = personal(agent, title="My sign-off")
    theirs = shared(supervisor, title="Team greeting")
    page = agent_client.get(reverse("macros:macro-list")).content.decode()
    assert "My sign-off" in page and "Team greeting" in page
    assert reverse("macros:macro-edit", args=[mine.pk]) in page
    assert reverse("macros:macro-edit", args=[theirs.pk]) not in page


def test_the_ticket_page_and_the_chat_console_carry_the_picker_and_no_canned_replies(agent_client, ticket):
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert "data-macro-slot" in page and f'data-ticket="{ticket.reference}"' in page
    assert "macros/picker" in page and "macro-picker-config" in page
    console = agent_client.get(reverse("livechat:console")).content.decode()
    assert "macro-picker-config" in console and "macros/picker" in console
    assert "Canned" not in console
