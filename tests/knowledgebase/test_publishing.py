import pytest
from django.contrib.auth.models import Group
from django.test import Client

from audit.models import AuditEvent
from helpdesk.errors import DomainError
from knowledgebase.models import ArticleStatus
from knowledgebase.search import kb_search
from knowledgebase.services import (
    article_create,
    translation_archive,
    translation_publish,
    translation_save,
    translation_submit,
    translation_transition,
)
from tests.factories import make_agent


@pytest.fixture
def draft(category, agent):
    article = article_create(slug="withdrawal-pending", category=category, actor=agent)
    return translation_save(
        article=article,
        language="en",
        title="Why is my withdrawal pending?",
        body="It takes time.",
        actor=agent,
    )


def test_a_new_translation_is_a_draft_nobody_outside_can_read(draft, client):
    assert draft.status == ArticleStatus.DRAFT
    assert client.get("/help/en/articles/withdrawal-pending/").status_code == 404
    assert kb_search(query="withdrawal pending", language="en").hits == []


def test_an_agent_submits_for_review_but_cannot_publish(draft, agent):
    translation_submit(translation=draft, actor=agent)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW
    with pytest.raises(DomainError) as refused:
        translation_publish(translation=draft, actor=agent)
    assert refused.value.code == "forbidden"
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW


def test_an_editor_publishes_and_readers_then_see_the_article(draft, editor, client):
    translation_publish(translation=draft, actor=editor)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED and draft.published_at is not None
    page = client.get("/help/en/articles/withdrawal-pending/")
    assert page.status_code == 200
    assert "Why is my withdrawal pending?" in page.content.decode()


def test_an_agent_in_the_kb_editors_group_may_publish(draft, settings):
    writer = make_agent(username="wendy")
    writer.groups.add(Group.objects.create(name=settings.KB_EDITOR_GROUP))
    translation_publish(translation=draft, actor=writer)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED


def test_archiving_takes_a_published_article_off_the_help_center(draft, editor, client):
    translation_publish(translation=draft, actor=editor)
    translation_archive(translation=draft, actor=editor)
    assert client.get("/help/en/articles/withdrawal-pending/").status_code == 404


def test_an_agent_may_not_edit_a_published_translation(draft, editor, agent):
    translation_publish(translation=draft, actor=editor)
    with pytest.raises(DomainError):
        translation_save(article=draft.article, language="en", title="Changed", body="x", actor=agent)
    draft.refresh_from_db()
    assert draft.title == "Why is my withdrawal pending?"


def test_each_language_has_its_own_state(draft, editor, agent):
    spanish = translation_save(
        article=draft.article, language="es", title="¿Retiro pendiente?", body="Tarda.", actor=agent
    )
    translation_publish(translation=spanish, actor=editor)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert Client().get("/help/es/articles/withdrawal-pending/").status_code == 200


def test_every_state_change_is_audited_with_its_actor(draft, agent, editor):
    translation_submit(translation=draft, actor=agent)
    translation_publish(translation=draft, actor=editor)
    events = AuditEvent.objects.filter(
        object_type="knowledgebase.articletranslation", object_id=str(draft.pk)
    )
    changes = {
        (e.action, e.actor_label, e.before["status"], (e.after or {})["status"]) for e in events if e.before
    }
    assert ("kb.translation_review", "agent:alice", "draft", "review") in changes
    assert ("kb.translation_published", "agent:eve", "review", "published") in changes


def test_an_unknown_state_is_refused(draft, editor):
    with pytest.raises(DomainError):
        translation_transition(translation=draft, status="deleted", actor=editor)
