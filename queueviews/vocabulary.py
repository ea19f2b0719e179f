"""The vocabulary that typo-tolerant search corrects a query word to, kept by a periodic sweep.

Writing a message used to add its words in the writing statement (a trigger calling a planned SQL
function and probing the vocabulary's indexes once per word): most of what the search index cost each
chat message. Now the insert triggers set only the tsvector (search finds a new message at once), and
this sweep adds the words of new entries and tickets every minute, set-based (docs/views-and-search.md).
A misspelling of a word first seen in the last minute is corrected from the next pass on.

Nothing is skipped: rows are read by id after a mark, and ids are taken before their transactions
commit, so a row may become visible after rows with higher ids. A pass reads everything after the
mark and remembers the highest id it read and when; that id becomes the mark only once every
transaction open at that moment has ended (pg_stat_activity), so rows committed late are read by a
later pass. A transaction open longer than STUCK_AFTER no longer holds the mark back (an idle session
left in a transaction would otherwise stop it for good).
"""

import datetime as dt

from django.db import connection, transaction

from queueviews.search_sql import SWEEP_PASS_SQL

BATCH = 50_000
STUCK_AFTER = dt.timedelta(minutes=10)

_CREATE_SQL = "INSERT INTO queueviews_vocabularysweep (name, mark) VALUES (%s, 0) ON CONFLICT DO NOTHING"
_STATE_SQL = (
    "SELECT mark, pending_high, pending_at FROM queueviews_vocabularysweep WHERE name = %s FOR UPDATE"
)
_SAVE_SQL = (
    "UPDATE queueviews_vocabularysweep SET mark = %s, pending_high = %s, pending_at = %s WHERE name = %s"
)

_OLDEST_OPEN_SQL = """
SELECT min(xact_start), statement_timestamp() FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
  AND backend_type = 'client backend'
"""


def vocabulary_sweep(*, batch: int = BATCH) -> int:
    """Add the words of entries and tickets written since the last pass; the number of new words."""
    if connection.vendor != "postgresql":
        return 0
    return sum(_pass(name, batch) for name in SWEEP_PASS_SQL)


def _pass(name: str, batch: int) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CREATE_SQL, [name])
        cursor.execute(_STATE_SQL, [name])
        mark, pending_high, pending_at = cursor.fetchone()
        # Which transactions are open, looked at before the rows are read (a statement of its own: the
        # pass below reads with a newer snapshot, so one that ended after this look is visible to it).
        cursor.execute(_OLDEST_OPEN_SQL)
        oldest, now = cursor.fetchone()
        # Every transaction open when the last pass read has ended: all rows up to the highest id it
        # read are committed (or gone), so once this pass has read after the mark, none is left behind.
        settled = pending_high is not None and (
            oldest is None or oldest > pending_at or now - oldest > STUCK_AFTER
        )
        cursor.execute(SWEEP_PASS_SQL[name], {"mark": mark, "batch": batch})
        high, read, added, at = cursor.fetchone()
        if settled:
            # A full batch stopped at `high`: rows after it wait for the next pass.
            mark = pending_high if read < batch else min(pending_high, high)
            pending_high = pending_at = None
        if high is not None:
            pending_high, pending_at = high, at
        cursor.execute(_SAVE_SQL, [mark, pending_high, pending_at, name])
    return int(added)
