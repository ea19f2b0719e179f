from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

PER_LANGUAGE_INDEXES = ("knowledgebase", "0004_search_indexes_per_language")


class KnowledgebaseConfig(AppConfig):
    name = "knowledgebase"

    def ready(self) -> None:
        post_migrate.connect(_language_indexes, sender=self)


def _language_indexes(using: str, **_kwargs: Any) -> None:
    # A language added to settings.LANGUAGES gets its search indexes on the next `migrate`; not while
    # the schema is migrated back to before the per-language indexes.
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from knowledgebase.dbops import language_indexes_ensure

    connection = connections[using]
    if (
        connection.vendor == "postgresql"
        and PER_LANGUAGE_INDEXES in MigrationRecorder(connection).applied_migrations()
    ):
        language_indexes_ensure(connection)
