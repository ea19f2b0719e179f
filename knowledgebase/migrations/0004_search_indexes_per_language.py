"""The full-text and trigram search indexes, one set per language in settings.LANGUAGES (partial
indexes on published translations), in place of the three over every language's rows: each search
branch reads one language, and now reads only that language's posting lists. PostgreSQL only; a
language added later gets its indexes after the next `migrate` (knowledgebase/apps.py)."""

from typing import Any

from django.db import migrations

from knowledgebase.dbops import (
    ALL_LANGUAGE_INDEXES,
    TABLE,
    PostgresOnly,
    language_indexes_drop,
    language_indexes_ensure,
)


def per_language(apps: Any, schema_editor: Any) -> None:
    language_indexes_ensure(schema_editor.connection)
    for name, _expression in ALL_LANGUAGE_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def all_languages(apps: Any, schema_editor: Any) -> None:
    for name, expression in ALL_LANGUAGE_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING {expression}")
    language_indexes_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0003_translation_keywords_reindex")]

    operations = [PostgresOnly(migrations.RunPython(per_language, all_languages))]
