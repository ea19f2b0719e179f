import pytest

from knowledgebase.models import ArticleVersion
from knowledgebase.services import article_create, translation_restore, translation_save


@pytest.fixture
def article(category, agent):
    return article_create(slug="fees", category=category, actor=agent)


def test_every_change_is_a_new_version_with_its_author(article, agent, editor):
    first = translation_save(article=article, language="en", title="Fees", body="One.", actor=agent)
    translation_save(article=article, language="en", title="Fees", body="Two.", actor=editor)
    versions = list(ArticleVersion.objects.filter(translation=first).order_by("number"))
    assert [(v.number, v.body, v.author) for v in versions] == [(1, "One.", agent), (2, "Two.", editor)]


def test_saving_the_same_text_again_adds_no_version(article, agent):
    t = translation_save(article=article, language="en", title="Fees", body="One.", actor=agent)
    translation_save(article=article, language="en", title="Fees", body="One.", actor=agent)
    assert ArticleVersion.objects.filter(translation=t).count() == 1


def test_restoring_an_old_version_writes_a_new_one_and_keeps_history(article, agent):
    t = translation_save(article=article, language="en", title="Fees", body="One.", actor=agent)
    translation_save(article=article, language="en", title="Fees v2", body="Two.", actor=agent)
    first = ArticleVersion.objects.get(translation=t, number=1)
    restored = translation_restore(translation=t, version=first, actor=agent)
    assert (restored.title, restored.body, restored.version) == ("Fees", "One.", 3)
    latest = ArticleVersion.objects.get(translation=t, number=3)
    assert latest.note == "restored version 1"
    assert ArticleVersion.objects.filter(translation=t).count() == 3


def test_a_version_cannot_be_changed_once_written(article, agent):
    t = translation_save(article=article, language="en", title="Fees", body="One.", actor=agent)
    version = ArticleVersion.objects.get(translation=t)
    version.body = "tampered"
    with pytest.raises(ValueError):
        version.save()
