"""Each branch of the search reads the indexes of its own language: the partial full-text and
trigram indexes of the reader's language, and of the default language for untranslated articles,
never an index over every language's rows (bench/kb_search.py shows the difference at scale)."""

import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test import override_settings

from knowledgebase.dbops import (
    ALL_LANGUAGE_INDEXES,
    LANGUAGE_INDEXES,
    TABLE,
    existing_language_indexes,
    language_index_name,
    language_indexes_ensure,
    language_literal,
)
from knowledgebase.models import Category
from knowledgebase.search import WORD_SIMILARITY_THRESHOLD, kb_search, pg_search_sql
from tests.knowledgebase.conftest import make_article

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

KINDS = [kind for kind, _expression in LANGUAGE_INDEXES]


def _plan(sql: str, params: Any, only: str | None = None) -> str:
    # A test table is tiny, where reading it all is cheaper than any index. With sequential and plain
    # index scans off, and the table's other indexes but its primary key dropped for the transaction
    # (language and status, article and language), a branch either reads an index whose predicate its
    # conditions imply and whose operator its match uses, or falls back to reading the table: the plan
    # shows which it can do, not what the planner prefers on a few rows.
    with transaction.atomic(), connection.cursor() as cursor:
        # The articles' deferred foreign-key checks run first: a table with pending ones is not altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT kb_translation_unique_language")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s"
            r" AND indexname NOT LIKE 'kb\_tr\_%%' AND indexname NOT LIKE '%%\_pkey'",
            [TABLE],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
        if only is not None:
            # On a few rows a branch may rather read a whole small index of its language and filter
            # (which one depends on the costs): with one kind of index left, the plan shows whether
            # that kind's branch can use it.
            for name in existing_language_indexes(connection):
                if not name.startswith(f"kb_tr_{only}_"):
                    cursor.execute(f"DROP INDEX {name}")
        # The plan must not depend on what earlier tests left: their rolled-back rows stay in the
        # indexes' pending lists and pages until a vacuum, and change what each index is costed at.
        # Rebuilt and analysed here (this transaction's rows only), every run costs the same indexes.
        for name in sorted(existing_language_indexes(connection)):
            if name.endswith(("_de", "_en")):  # the only ones these searches' predicates can match
                cursor.execute(f"REINDEX INDEX {name}")
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # The dropped constraint and indexes come back for the next plan of the same test.
        transaction.set_rollback(True)
        return plan


def _indexes_in(plan: str) -> set[str]:
    """The search indexes the plan reads (every index scan names its index: "Index Scan on <name>")."""
    scanned = set(re.findall(r"Index Scan on (\w+)", plan))
    assert scanned, plan
    return scanned & (existing_language_indexes(connection) | {name for name, _sql in ALL_LANGUAGE_INDEXES})


@pytest.fixture
def articles(category: Category) -> None:
    make_article(
        category,
        "withdrawal-pending",
        {
            "en": ("Withdrawal pending", "A withdrawal waits for confirmations on the network."),
            "de": ("Auszahlung ausstehend", "Eine Auszahlung wartet auf Bestätigungen im Netzwerk."),
            "es": ("Retiro pendiente", "Un retiro espera confirmaciones en la red."),
        },
    )
    make_article(
        category,
        "deposit-missing",
        {"en": ("Deposit not credited", "A deposit without its memo waits for support.")},
    )


def test_a_search_in_german_reads_the_german_indexes_and_the_default_languages(articles: None) -> None:
    sql, params = pg_search_sql("Auszahlung ausstehend", "de", None, 10, False)
    allowed = {language_index_name(kind, lang) for kind in KINDS for lang in ("de", "en")}
    used = _indexes_in(_plan(sql, params))
    # Every branch in German (all terms, some terms in the head, similar titles), and the same three
    # in English for the articles without a German translation; never another language's index.
    assert used <= allowed
    for kind in KINDS:
        expected = {language_index_name(kind, lang) for lang in ("de", "en")}
        assert _indexes_in(_plan(sql, params, only=kind)) == expected


def test_a_search_in_the_default_language_reads_only_its_indexes(articles: None) -> None:
    sql, params = pg_search_sql("withdrawl pending", "en", "DE", 10, False)
    used = _indexes_in(_plan(sql, params))
    assert used <= {language_index_name(kind, "en") for kind in KINDS}
    for kind in KINDS:
        assert _indexes_in(_plan(sql, params, only=kind)) == {language_index_name(kind, "en")}


def test_the_indexes_over_every_language_are_gone() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'knowledgebase_articletranslation'"
        )
        names = {name for (name,) in cursor.fetchall()}
    assert not names & {name for name, _expression in ALL_LANGUAGE_INDEXES}
    # One full-text, head and title index for every language the help center offers.
    codes = [code for code, _name in settings.LANGUAGES]
    assert {language_index_name(kind, code) for kind in KINDS for code in codes} <= names


def test_a_language_added_later_gets_its_indexes_on_the_next_migrate() -> None:
    config = apps.get_app_config("knowledgebase")
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("sw", "Swahili")]):
        post_migrate.send(
            sender=config,
            app_config=config,
            verbosity=0,
            interactive=False,
            using="default",
            apps=apps,
            plan=[],
        )
    expected = {language_index_name(kind, "sw") for kind in KINDS}
    assert expected <= existing_language_indexes(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [language_index_name("title", "sw")]
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    assert "'sw'" in definition and "'published'" in definition
    # Nothing is missing the second time.
    assert language_indexes_ensure(connection, ["sw", "de"]) == []


def test_a_dropped_language_index_is_created_again() -> None:
    name = language_index_name("head", "fr")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {name}")
    assert language_indexes_ensure(connection) == [name]
    assert name in existing_language_indexes(connection)


@pytest.mark.parametrize("language", ["de'; DROP TABLE knowledgebase_article; --", "DE", "", "e%s"])
def test_only_a_language_code_is_written_into_the_statement(articles: None, language: str) -> None:
    with pytest.raises(ValueError, match="not a language code"):
        language_literal(language)
    # The search still answers (nothing is published in such a language), with the value bound.
    sql, _params = pg_search_sql("withdrawal", language, None, 10, False)
    assert "t.language = %(lang)s" in sql
    results = kb_search(query="withdrawal", language=language)
    assert [hit.slug for hit in results.hits if not hit.fallback] == []
    assert {hit.slug for hit in results.hits} == {"withdrawal-pending"}
