from django.db import migrations, models

from knowledgebase.dbops import PostgresOnly
from queueviews.search_sql import SWEEP_DROP_SQL, SWEEP_SQL


class Migration(migrations.Migration):
    """The vocabulary is kept by a periodic sweep (queueviews.vocabulary) instead of the insert
    triggers: a new entry or ticket gets its tsvector and nothing else in the writing statement. Edits
    (a changed subject or body, rare) still add their words at once. The sweep starts a little before
    the newest rows, which the old triggers had already added, so nothing written meanwhile is missed."""

    dependencies = [("queueviews", "0002_ticket_search")]

    operations = [
        migrations.CreateModel(
            name="VocabularySweep",
            fields=[
                ("name", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("mark", models.BigIntegerField(default=0)),
                ("pending_high", models.BigIntegerField(null=True)),
                ("pending_at", models.DateTimeField(null=True)),
            ],
        ),
        PostgresOnly(migrations.RunSQL(SWEEP_SQL, SWEEP_DROP_SQL)),
    ]
