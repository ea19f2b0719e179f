"""Migration operations that only PostgreSQL runs, so the embedded SQLite install migrates too."""

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation


class PostgresOnly(Operation):
    """Runs the wrapped operation on PostgreSQL and does nothing on any other database."""

    reversible = True

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"{self.operation.describe()} (PostgreSQL only)"


# --- Search indexes, one set per language ----------------------------------------------------------
# Each search branch reads one language (the reader's, or the default one for untranslated articles),
# so each language has its own full-text and trigram indexes: a partial index per language reads only
# that language's posting lists, where one index over every language's rows walked twenty languages'
# lists for a common trigram or word. The search statement carries the language as a literal
# (knowledgebase.search), which the planner matches to the index's predicate whatever the binding.

TABLE = "knowledgebase_articletranslation"
# (name part, indexed expression): the whole text, the head (title, summary, keywords, tags), the title
# (trigrams), and the title again for the title-similarity branch, whose GiST index returns the titles
# nearest the query first (`title <->> q`, migration 0006), so the branch reads its best candidates
# instead of scoring and sorting every similar title. A title has 40-80 trigrams: in the default
# 96-bit signatures of the index's inner pages nearly every bit is set and the search descends into
# nearly every page; 2,048 bits (siglen=256) tell pages apart, and the index is no larger.
LANGUAGE_INDEXES = (
    ("vector", "gin (search_vector)"),
    ("head", "gin (search_head)"),
    ("title", "gin (title gin_trgm_ops)"),
    ("similar", "gist (title gist_trgm_ops(siglen=256))"),
)
# The indexes over every language that the per-language ones replaced (0002_search_indexes).
ALL_LANGUAGE_INDEXES = (
    ("kb_translation_search_gin", "gin (search_vector)"),
    ("kb_translation_head_gin", "gin (search_head)"),
    ("kb_translation_title_trgm", "gin (title gin_trgm_ops)"),
)
_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
_PREFIX = "kb_tr_"


def language_literal(language: str) -> str:
    """`language` as an SQL string literal, for a language code only (anything else raises)."""
    if not _CODE.fullmatch(language):
        raise ValueError(f"not a language code: {language!r}")
    return f"'{language}'"


def language_index_name(kind: str, language: str) -> str:
    language_literal(language)
    return f"{_PREFIX}{kind}_{language.replace('-', '_')}"


def language_index_sql(language: str) -> list[str]:
    """CREATE INDEX statements for one language's search indexes (published translations only, the
    only ones the search reads)."""
    literal = language_literal(language)
    return [
        f"CREATE INDEX IF NOT EXISTS {language_index_name(kind, language)} ON {TABLE} USING {expression}"
        f" WHERE language = {literal} AND status = 'published'"
        for kind, expression in LANGUAGE_INDEXES
    ]


def configured_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def existing_language_indexes(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
            [TABLE, _PREFIX.replace("_", r"\_") + "%"],
        )
        return {name for (name,) in cursor.fetchall()}


def language_indexes_ensure(
    connection: BaseDatabaseWrapper, languages: Iterable[str] | None = None
) -> list[str]:
    """Creates the search indexes missing for `languages` (default: settings.LANGUAGES) and returns
    their names; nothing on a database other than PostgreSQL. Run by migration 0004 and after every
    `migrate` (apps.py), so a language added to the settings is indexed on the next deploy."""
    if connection.vendor != "postgresql":
        return []
    existing = existing_language_indexes(connection)
    created = []
    with connection.cursor() as cursor:
        for language in languages if languages is not None else configured_languages():
            for (kind, _expression), sql in zip(LANGUAGE_INDEXES, language_index_sql(language), strict=True):
                name = language_index_name(kind, language)
                if name not in existing:
                    cursor.execute(sql)
                    created.append(name)
    return created


def language_indexes_drop(connection: BaseDatabaseWrapper) -> list[str]:
    """Drops every per-language search index (the migration's way back)."""
    if connection.vendor != "postgresql":
        return []
    names = sorted(existing_language_indexes(connection))
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    return names
