from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from knowledgebase.dbops import PostgresOnly


class Migration(migrations.Migration):
    """Full-text and trigram indexes, on PostgreSQL only; SQLite searches without them."""

    dependencies = [("knowledgebase", "0001_initial")]

    operations = [
        PostgresOnly(TrigramExtension()),
        PostgresOnly(
            migrations.RunSQL(
                "CREATE INDEX kb_translation_search_gin ON knowledgebase_articletranslation "
                "USING gin (search_vector)",
                "DROP INDEX IF EXISTS kb_translation_search_gin",
            )
        ),
        PostgresOnly(
            migrations.RunSQL(
                "CREATE INDEX kb_translation_title_trgm ON knowledgebase_articletranslation "
                "USING gin (title gin_trgm_ops)",
                "DROP INDEX IF EXISTS kb_translation_title_trgm",
            )
        ),
        PostgresOnly(
            migrations.RunSQL(
                "CREATE INDEX kb_translation_head_gin ON knowledgebase_articletranslation "
                "USING gin (search_head)",
                "DROP INDEX IF EXISTS kb_translation_head_gin",
            )
        ),
    ]
