import pytest

from helpdesk.errors import DomainError
from knowledgebase.models import ArticleAttachment
from knowledgebase.services import article_create, attachment_add, translation_save
from tests.knowledgebase.conftest import make_article

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_editor_uploads_an_image_served_with_its_type(category, editor, client):
    article = make_article(category, "fees", {"en": ("Fees", "Body.")})
    item = attachment_add(article=article, filename="fee table.png", content=PNG, actor=editor)
    response = client.get(f"/help/attachments/{item.pk}/{item.filename}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_markdown_image_can_point_at_an_attachment(category, editor, client):
    article = make_article(category, "fees", {"en": ("Fees", "Body.")})
    item = attachment_add(article=article, filename="table.png", content=PNG, actor=editor)
    translation_save(
        article=article,
        language="en",
        title="Fees",
        body=f"![Fee table](/help/attachments/{item.pk}/table.png)",
        actor=editor,
    )
    page = client.get("/help/en/articles/fees/").content.decode()
    assert f'<img src="/help/attachments/{item.pk}/table.png" alt="Fee table">' in page


def test_files_of_an_unpublished_article_are_not_public(category, editor, client):
    article = article_create(slug="draft", category=category, actor=editor)
    item = attachment_add(article=article, filename="a.png", content=PNG, actor=editor)
    assert client.get(f"/help/attachments/{item.pk}/a.png").status_code == 404


def test_the_ticket_cores_type_and_content_checks_apply(category, editor):
    article = make_article(category, "fees", {"en": ("Fees", "Body.")})
    with pytest.raises(DomainError):
        attachment_add(article=article, filename="run.exe", content=b"MZ...", actor=editor)
    with pytest.raises(DomainError):
        attachment_add(article=article, filename="fake.png", content=b"not a png", actor=editor)
    assert not ArticleAttachment.objects.exists()


def test_agents_who_are_not_editors_cannot_upload(category, agent):
    article = make_article(category, "fees", {"en": ("Fees", "Body.")})
    with pytest.raises(DomainError):
        attachment_add(article=article, filename="a.png", content=PNG, actor=agent)
