"""Search in every language of the help center: typical questions a customer asks, in their own words,
find the expected article in that language first.

The questions live beside the seed (`knowledgebase/seed/questions/<language>.json`), written with the
articles by the people who wrote them; a language without a questions file fails here.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from knowledgebase.search import kb_search

QUESTIONS = Path(settings.BASE_DIR) / "knowledgebase" / "seed" / "questions"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def questions(language: str) -> list[dict[str, str]]:
    path = QUESTIONS / f"{language}.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_three_typical_questions(language: str) -> None:
    asked = questions(language)
    assert len(asked) >= 3, f"{language}: {len(asked)} questions in {QUESTIONS / (language + '.json')}"
    assert len({q["expect"] for q in asked}) >= 3, f"{language}: the questions should find different articles"


@pytest.mark.postgres
@pytest.mark.usefixtures("seeded_kb")
@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        pytest.param(language, q["q"], q["expect"], id=f"{language}-{n}")
        for language in LANGUAGES
        for n, q in enumerate(questions(language))
    ],
)
def test_a_typical_question_finds_the_article_in_its_language(
    db: None, language: str, query: str, expected: str
) -> None:
    hits = kb_search(query=query, language=language, limit=3).hits
    assert hits, f"{language}: nothing found for {query!r}"
    first = hits[0]
    assert (first.slug, first.language, first.fallback) == (expected, language, False), (
        f"{language}: {query!r} found {[(h.slug, h.language, h.fallback) for h in hits]}"
    )
