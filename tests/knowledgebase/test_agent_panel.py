import pytest

from audit.models import AuditEvent
from knowledgebase.models import ArticleFlag, FlagStatus
from tests.knowledgebase.conftest import make_article


@pytest.fixture
def article(category):
    return make_article(
        category,
        "withdrawal-pending",
        {
            "en": ("Why is my withdrawal pending?", "Most withdrawals leave within 30 minutes."),
            "es": ("¿Por qué mi retiro está pendiente?", "La mayoría de los retiros salen en 30 minutos."),
        },
    )


def test_the_ticket_page_has_a_kb_panel_searching_in_the_tickets_language(article, agent_client, ticket):
    ticket.language = "es"
    ticket.save()
    page = agent_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert 'data-kb-panel data-kb-target="id_body"' in page
    assert '<option value="es" selected>' in page
    assert 'id="id_body"' in page


def test_results_offer_link_and_excerpt_insertion(article, agent_client):
    page = agent_client.get("/kb/search/", {"q": "retiro pendiente", "language": "es"}).content.decode()
    assert "<mark>retiro</mark>" in page.lower() or "<mark>retiros</mark>" in page.lower()
    assert (
        'data-kb-insert="¿Por qué mi retiro está pendiente?&#10;http://testserver/help/es/articles/withdrawal-pending/"'
        in page
    )
    assert "Insert excerpt" in page and "Flag as outdated" in page


def test_the_console_json_search(article, agent_client):
    body = agent_client.get("/kb/search.json", {"q": "withdrawal pending", "language": "en"}).json()
    hit = body["results"][0]
    assert (hit["slug"], hit["url"]) == (
        "withdrawal-pending",
        "http://testserver/help/en/articles/withdrawal-pending/",
    )
    assert hit["snippet"].startswith("Most withdrawals leave")


def test_the_chat_console_has_the_kb_panel(article, agent_client):
    page = agent_client.get("/chat/console/").content.decode()
    assert 'data-kb-json="/kb/search.json"' in page


def test_signed_out_users_cannot_search_as_agents(article, client):
    assert client.get("/kb/search.json", {"q": "x"}).status_code == 302


def test_flagging_an_article_as_outdated_is_audited_and_reaches_the_report(
    article, agent_client, agent, editor, client
):
    response = agent_client.post(
        f"/kb/articles/{article.pk}/flag/",
        {"reason": "Fees changed in May.", "language": "en"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Flagged" in response.content.decode()
    flag = ArticleFlag.objects.get()
    assert (flag.flagged_by, flag.reason, flag.status) == (agent, "Fees changed in May.", FlagStatus.OPEN)
    assert AuditEvent.objects.filter(action="kb.article_flagged", actor=agent).exists()
    client.force_login(editor)
    assert "Fees changed in May." in client.get("/kb/report/").content.decode()


def test_a_flag_needs_a_reason(article, agent_client):
    assert agent_client.post(f"/kb/articles/{article.pk}/flag/", {"reason": ""}).status_code == 400
    assert not ArticleFlag.objects.exists()


def test_an_editor_resolves_a_flag_and_an_agent_cannot(article, agent_client, agent, editor, client):
    agent_client.post(f"/kb/articles/{article.pk}/flag/", {"reason": "Old."})
    flag = ArticleFlag.objects.get()
    agent_client.post(f"/kb/flags/{flag.pk}/resolve/", {"resolution": "no"})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    client.force_login(editor)
    client.post(f"/kb/flags/{flag.pk}/resolve/", {"resolution": "Updated the fee table."})
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by, flag.resolution) == (
        FlagStatus.RESOLVED,
        editor,
        "Updated the fee table.",
    )
    assert AuditEvent.objects.filter(action="kb.flag_resolved").count() == 1


def test_the_report_is_for_supervisors_and_admins_only(agent_client):
    assert agent_client.get("/kb/report/").status_code == 403
