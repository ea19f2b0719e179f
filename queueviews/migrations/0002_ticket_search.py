from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from knowledgebase.dbops import PostgresOnly
from queueviews.search_sql import DROP_SQL, SEARCH_SQL


class Migration(migrations.Migration):
    """Full-text search over tickets (PostgreSQL only; SQLite searches with LIKE): a tsvector on each
    ticket's subject and each timeline entry's body, written by triggers in the writing transaction, GIN
    indexes on both, and the vocabulary of words the typo correction reads, with its trigram index.
    Existing rows are indexed here, once."""

    dependencies = [
        ("queueviews", "0001_initial"),
        ("tickets", "0004_held_message"),
        ("knowledgebase", "0002_search_indexes"),
    ]

    operations = [
        PostgresOnly(TrigramExtension()),
        PostgresOnly(migrations.RunSQL(SEARCH_SQL, DROP_SQL)),
    ]
