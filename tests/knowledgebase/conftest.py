from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from accounts.models import User
from knowledgebase.models import Article, ArticleTranslation, Category
from knowledgebase.services import (
    article_create,
    category_upsert,
    translation_publish,
    translation_save,
)
from tests.factories import make_agent

FIXTURE_SEED = Path(__file__).resolve().parent / "seed_fixture"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate limits live in the cache, which outlives each test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db: None) -> User:
    return make_agent(username="eve", role="supervisor", first_name="Eve", last_name="Editor")


@pytest.fixture
def category(db: None) -> Category:
    cat, _created = category_upsert(
        slug="withdrawals", names={"en": "Withdrawals", "es": "Retiros"}, descriptions={"en": "Sending out."}
    )
    return cat


def make_article(
    category: Category,
    slug: str,
    texts: dict[str, tuple[str, str]],
    *,
    publish: bool = True,
    actor: Any = None,
    **fields: Any,
) -> Article:
    """An article with a translation per language ({language: (title, body)}), published by the system."""
    article = article_create(slug=slug, category=category, actor=actor, **fields)
    for language, (title, body) in texts.items():
        t = translation_save(article=article, language=language, title=title, body=body, actor=actor)
        if publish:
            translation_publish(translation=t, actor=None)
    return article


def translation(article: Article, language: str) -> ArticleTranslation:
    return ArticleTranslation.objects.get(article=article, language=language)


@pytest.fixture(scope="module")
def seeded_kb(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The real seed content, loaded once per module inside a transaction rolled back afterwards;
    each test then runs in a savepoint of its own."""
    from knowledgebase.seed_loader import kb_seed_load

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            kb_seed_load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
