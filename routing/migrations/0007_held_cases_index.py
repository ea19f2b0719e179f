"""An index of each agent's unresolved cases, for the capacity check of every assignment.

Get next counts the agent's open chats and tickets in every claim. Through the assignee index
that count visits every case the agent ever held, solved ones included, so it grew with their
history; this index holds only unresolved cases with their channel, so the count reads a handful
of index entries and, on pages PostgreSQL knows are all-visible, no table rows at all. Ticket writes
pay one index entry more while a case is unresolved, none once it is solved or closed.

Built CONCURRENTLY on PostgreSQL, so the ticket table takes writes while it is built.
"""

from typing import Any

from django.db import migrations

UNRESOLVED = "'new', 'open', 'pending', 'on_hold'"


def create(apps: Any, schema_editor: Any) -> None:
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS routing_held_idx ON tickets_ticket "
        f"(assignee_id, channel) WHERE status IN ({UNRESOLVED})"
    )


def drop(apps: Any, schema_editor: Any) -> None:
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS routing_held_idx")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("routing", "0006_agent_presence_lapsed_from"),
        ("tickets", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
