"""An index of the open cases, newest first, for the list's `?status=open` pages.

ticket_status_idx (status, id) holds them too, but PostgreSQL costs the table rows it reads through
an index by how well the index's first column follows the table's order, and a status follows none:
it judged reading the open cases from it dearer than walking the primary key newest first and
filtering, which on a day's new cases at the head of the table read thousands of rows for a page of
50. This index is ordered by id, as the table is, so the planner reads the page from it and stops at
the page's end. Ticket writes pay one index entry more while a case is open.

Built CONCURRENTLY on PostgreSQL, so the ticket table takes writes while it is built.
"""

from typing import Any

from django.db import migrations, models

OPEN_CASES = models.Index(fields=["-id"], name="ticket_open_idx", condition=models.Q(status="open"))


def _options(schema_editor: Any) -> dict[str, Any]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def create(apps: Any, schema_editor: Any) -> None:
    schema_editor.add_index(apps.get_model("tickets", "Ticket"), OPEN_CASES, **_options(schema_editor))


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.remove_index(apps.get_model("tickets", "Ticket"), OPEN_CASES, **_options(schema_editor))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tickets", "0006_messaging_channels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(create, drop, elidable=False)],
            state_operations=[migrations.AddIndex(model_name="ticket", index=OPEN_CASES)],
        )
    ]
