"""The expected seed article ranks first for typical customer questions, in several languages.

PostgreSQL runs the real search (text search configuration per language, trigram typos); the
fallback used without PostgreSQL is checked on a subset, over the same seed data.
"""

import pytest

from knowledgebase.search import fallback_search, kb_search

pytestmark = pytest.mark.usefixtures("seeded_kb")

QUESTIONS = [
    ("en", "lost my phone 2fa", "reset-2fa"),
    ("en", "withdrawal pending for hours", "withdrawal-pending"),
    ("en", "sent usdt on the wrong network", "deposit-wrong-network"),
    ("en", "memo", "deposit-missing-memo"),
    ("en", "forgot the memo tag on my xrp deposit", "deposit-missing-memo"),
    ("en", "deposit not showing up", "deposit-not-credited"),
    ("en", "account hacked", "account-compromised"),
    ("en", "phishing email", "recognise-phishing"),
    ("es", "retiro pendiente", "withdrawal-pending"),
    ("es", "perdí mi teléfono 2fa", "reset-2fa"),
    ("es", "red equivocada depósito usdt", "deposit-wrong-network"),
    ("es", "depósito no acreditado", "deposit-not-credited"),
    ("de", "Auszahlung ausstehend", "withdrawal-pending"),
    ("de", "2FA zurücksetzen", "reset-2fa"),
    ("de", "Telefon verloren 2FA", "reset-2fa"),
    ("de", "falsches Netzwerk Einzahlung", "deposit-wrong-network"),
    ("fr", "retrait en attente", "withdrawal-pending"),
    ("fr", "j'ai perdu mon téléphone", "reset-2fa"),
    ("fr", "mauvais réseau", "deposit-wrong-network"),
    ("fr", "dépôt non crédité", "deposit-not-credited"),
]

# Misspelt queries: full text finds nothing, trigram similarity with the title still does.
TYPOS = [
    ("en", "withdrawl pendng", "withdrawal-pending"),
    ("en", "reset two-factr authentcation", "reset-2fa"),
]

# The fallback scorer (token overlap with accent folding, prefix stems and IDF) on a subset.
FALLBACK_QUESTIONS = [
    ("en", "lost my phone 2fa", "reset-2fa"),
    ("en", "withdrawal pending for hours", "withdrawal-pending"),
    ("en", "sent usdt on the wrong network", "deposit-wrong-network"),
    ("en", "memo", "deposit-missing-memo"),
    ("en", "withdrawl pendng", "withdrawal-pending"),
    ("es", "retiro pendiente", "withdrawal-pending"),
    ("es", "perdi mi telefono 2fa", "reset-2fa"),
    ("de", "Auszahlung ausstehend", "withdrawal-pending"),
    ("de", "2FA zurücksetzen", "reset-2fa"),
    ("fr", "retrait en attente", "withdrawal-pending"),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("language", "question", "expected"), QUESTIONS)
def test_the_expected_article_ranks_first_on_postgresql(db, language, question, expected):
    results = kb_search(query=question, language=language)
    assert results.engine == "postgresql"
    assert [h.slug for h in results.hits][:1] == [expected], [
        (h.slug, round(h.score, 3)) for h in results.hits[:5]
    ]
    assert results.hits[0].language == language
    assert not results.hits[0].typo


@pytest.mark.postgres
@pytest.mark.parametrize(("language", "question", "expected"), TYPOS)
def test_a_misspelt_question_still_finds_the_article_by_title_similarity(db, language, question, expected):
    results = kb_search(query=question, language=language)
    assert results.hits[0].slug == expected


@pytest.mark.postgres
def test_a_hit_found_only_by_title_similarity_is_offered_as_did_you_mean(db):
    results = kb_search(query="withdrawl pendng", language="en")
    assert results.exact == []
    assert results.did_you_mean[0].slug == "withdrawal-pending"


@pytest.mark.parametrize(("language", "question", "expected"), FALLBACK_QUESTIONS)
def test_the_fallback_scorer_ranks_the_expected_article_first(db, language, question, expected):
    hits = fallback_search(question, language, None)
    assert [h.slug for h in hits][:1] == [expected], [(h.slug, round(h.score, 3)) for h in hits[:5]]


@pytest.mark.postgres
def test_highlights_mark_the_matching_words_and_escape_everything_else(db):
    hit = kb_search(query="withdrawal pending", language="en").hits[0]
    assert "<mark>" in hit.title_html and "<mark>" in hit.excerpt_html
    stripped = str(hit.excerpt_html).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped


@pytest.mark.postgres
def test_an_article_not_translated_into_the_language_is_searched_in_the_default_language_and_says_so(db):
    # The referral programme is not among the articles translated into Italian.
    results = kb_search(query="referral programme", language="it")
    assert results.hits[0].slug == "referral-programme"
    assert all(h.fallback and h.language == "en" for h in results.hits)
