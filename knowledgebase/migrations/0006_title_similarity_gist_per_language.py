"""A GiST trigram index of the titles per language (partial, on published translations, like the
other search indexes of migration 0004): the title-similarity branch orders by word-similarity
distance (`title <->> q`), which this index returns nearest first, so the branch reads its best
candidates instead of scoring and sorting every similar title. PostgreSQL only."""

from typing import Any

from django.db import migrations

from knowledgebase.dbops import PostgresOnly, existing_language_indexes, language_indexes_ensure

# The names of this kind's indexes (knowledgebase.dbops.language_index_name("similar", code)).
PREFIX = "kb_tr_similar_"


def create(apps: Any, schema_editor: Any) -> None:
    language_indexes_ensure(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    for name in sorted(existing_language_indexes(schema_editor.connection)):
        if name.startswith(PREFIX):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0005_article_region_rules_index")]

    operations = [PostgresOnly(migrations.RunPython(create, drop))]
