"""An index on tickets' creation time, for the reports' live reads: the tickets created inside the
volatility windows of a period (a few short ranges out of a million tickets) and filtered periods.

Kept here, beside the reports that need it, rather than in Ticket.Meta: nothing in the ticket core
reads by creation time. It is plain SQL that PostgreSQL and SQLite both accept.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_daily_rollup"),
        ("tickets", "0004_held_message"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS reports_ticket_created_idx ON tickets_ticket (created_at)",
            reverse_sql="DROP INDEX IF EXISTS reports_ticket_created_idx",
        ),
    ]
