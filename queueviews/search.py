"""Full-text search over tickets: subject and every timeline entry's body (docs/views-and-search.md).

On PostgreSQL (the objects in queueviews/search_sql.py):
- the query's words are first corrected: each word of four letters or more also matches the words of
  the timeline most like it by trigrams (pg_trgm over the vocabulary table, a small one), so
  "withdrawl" finds "withdrawal" and "withdrawal" finds a customer's "withdrawl";
- each word (or its corrections) becomes one tsquery term, analysed by every text search
  configuration a ticket may be indexed with, ORed, since a ticket's text is stemmed in its own
  language; the terms are ANDed;
- a ticket matches when its subject or any entry of its timeline matches (GIN indexes on both); the
  rank is the subject's rank (doubled) plus the best entry's.
Which tickets the reader may see is the caller's queryset (Ticket.objects.visible_to): internal
notes are searched for everyone who may see the ticket, as the ticket page shows them.

On SQLite (the demo) a word is looked for as a substring of the subject or a body, no correction.
"""

import html
import re
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Exists, F, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString, mark_safe

from knowledgebase.languages import TS_CONFIGS
from queueviews.search_sql import MAX_WORD, MIN_WORD
from tickets.models import TimelineEntry
from tickets.querysets import TicketQuerySet

MAX_QUERY = 200
MAX_WORDS = 8
# Trigram similarity from which a vocabulary word counts as a spelling of the query's word.
SIMILARITY = 0.5
CORRECTIONS = 3
# Tickets given the full rank when the matches are listed best first: the newest matches, picked by
# id through the GIN indexes. A common or misspelt word matches most tickets; ranking every one of
# them cost most of a search.
RANKED = 500
CONFIGS = sorted({*TS_CONFIGS.values(), "simple"})
START, STOP = "\x02", "\x03"
_HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=25, MinWords=10, MaxFragments=2, FragmentDelimiter=' … '"
)
_WORD = re.compile(r"\w+", re.UNICODE)

# One statement: the corrections of each word, then the tsquery text of all of them. A term whose
# word is a stop word in some configuration is left out (a document stemmed there lacks it); if that
# leaves nothing, the query matches nothing.
# Only module constants go into the text; the words are parameters.
_TSQUERY_SQL = f"""
WITH words AS (
    SELECT w.word, w.n FROM unnest(%(words)s::text[]) WITH ORDINALITY AS w(word, n)
), spellings AS (
    SELECT n, word FROM words
    UNION
    SELECT words.n, c.word FROM words, LATERAL (
        SELECT v.word FROM queueviews_searchword v
        WHERE char_length(words.word) >= {MIN_WORD} AND v.word %% words.word
          AND similarity(v.word, words.word) >= %(similarity)s
        ORDER BY similarity(v.word, words.word) DESC, v.word LIMIT %(corrections)s
    ) c
), analysed AS (
    SELECT s.n, s.word, plainto_tsquery(cfg::regconfig, s.word)::text AS term
    FROM spellings s, unnest(%(configs)s::text[]) AS cfg
), terms AS (
    SELECT n, '(' || string_agg(DISTINCT term, ' | ') || ')' AS term
    FROM analysed
    WHERE n NOT IN (SELECT n FROM analysed a JOIN words w USING (n) WHERE a.word = w.word AND a.term = '')
      AND term <> ''
    GROUP BY n
)
SELECT (SELECT string_agg(term, ' & ' ORDER BY n) FROM terms),
       (SELECT array_agg(DISTINCT word) FROM spellings)
"""  # noqa: S608


@dataclass(frozen=True)
class SearchQuery:
    text: str
    words: list[str]
    # The tsquery (PostgreSQL), "" when nothing in the text can match.
    tsquery: str = ""
    # The query's words and their corrections, for highlighting without PostgreSQL.
    spellings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words


def clean_query(value: str | None) -> str:
    value = re.sub(r"[\x00-\x1f]", " ", value or "")
    return re.sub(r"\s+", " ", value).strip()[:MAX_QUERY]


def search_query(text: str | None) -> SearchQuery:
    """The query as the database will run it; on PostgreSQL one statement corrects and analyses it."""
    text = clean_query(text)
    words = list(dict.fromkeys(w.casefold() for w in _WORD.findall(text) if len(w) <= MAX_WORD))[:MAX_WORDS]
    if not words or connection.vendor != "postgresql":
        return SearchQuery(text=text, words=words, spellings=tuple(words))
    params: dict[str, Any] = {
        "words": words,
        "similarity": SIMILARITY,
        "corrections": CORRECTIONS,
        "configs": CONFIGS,
    }
    with connection.cursor() as cursor:
        cursor.execute(_TSQUERY_SQL, params)
        tsquery, spellings = cursor.fetchone() or ("", [])
    return SearchQuery(text=text, words=words, tsquery=tsquery or "", spellings=tuple(spellings or ()))


def _tsquery(query: SearchQuery) -> RawSQL:
    return RawSQL("%s::tsquery", (query.tsquery,))


def search_filter(tickets: TicketQuerySet, query: SearchQuery) -> TicketQuerySet:
    """`tickets` that match `query`, annotated with `search_rank` (higher is better)."""
    if query.empty:
        return tickets
    if connection.vendor != "postgresql":
        return _fallback_filter(tickets, query)
    if not query.tsquery:
        return tickets.none()
    return tickets.filter(search_match_q(query)).annotate(search_rank=search_rank(query))


def search_match_q(query: SearchQuery) -> Q:
    """The tickets whose subject or some entry matches (both served by their GIN index)."""
    if connection.vendor != "postgresql":
        return _fallback_q(query)
    if not query.tsquery:
        return Q(pk__in=[])
    # One set of ids, not two ORed IN lists: the planner can then join the few matches to the tickets
    # by primary key instead of testing every ticket against both.
    matching = RawSQL(
        "SELECT e.ticket_id FROM tickets_timelineentry e WHERE e.search_body @@ %s::tsquery"
        " UNION SELECT s.id FROM tickets_ticket s WHERE s.search_subject @@ %s::tsquery",
        (query.tsquery, query.tsquery),
    )
    return Q(pk__in=matching)


def rank_candidates(matching: TicketQuerySet, query: SearchQuery, size: int | None = None) -> TicketQuerySet:
    """The tickets of `matching` (what a search lists) that get ranked: the newest `size` of them, so a
    search ranks at most `size` tickets however common its words (the matches are found once, through
    the GIN indexes, and no `ts_rank` is read to pick them). On SQLite every match (no rank to save)."""
    if connection.vendor != "postgresql":
        return matching
    size = size or RANKED
    newest = matching.order_by("-id").values("pk")[:size]
    return cast(TicketQuerySet, matching.model.objects.filter(pk__in=newest))


def search_rank(query: SearchQuery) -> Any:
    if connection.vendor != "postgresql":
        # SQLite has no rank: the matches keep the newest-first order the sort falls back to.
        return Value(0.0, output_field=FloatField())
    best_entry = (
        TimelineEntry.objects.filter(ticket=OuterRef("pk"))
        .annotate(
            rank=RawSQL("ts_rank(search_body, %s::tsquery)", (query.tsquery,), output_field=FloatField())
        )
        .extra(where=["search_body @@ %s::tsquery"], params=[query.tsquery])
        .order_by("-rank")
        .values("rank")[:1]
    )
    # The ticket's own subject, read unqualified: no table joined to the ticket has this column.
    subject = RawSQL(
        "coalesce(ts_rank(search_subject, %s::tsquery), 0) * 2", (query.tsquery,), output_field=FloatField()
    )
    return Coalesce(Subquery(best_entry, output_field=FloatField()), Value(0.0)) + subject


def _fallback_q(query: SearchQuery) -> Q:
    q = Q()
    for word in query.words:
        body = TimelineEntry.objects.filter(ticket=OuterRef("pk"), body__icontains=word)
        q &= Q(subject__icontains=word) | Q(Exists(body))
    return q


def _fallback_filter(tickets: TicketQuerySet, query: SearchQuery) -> TicketQuerySet:
    return tickets.filter(_fallback_q(query)).annotate(search_rank=Value(0.0) + F("pk") * 0)


_SNIPPETS_SQL = """
SELECT DISTINCT ON (e.ticket_id) e.ticket_id,
       ts_headline(queueviews_ts_config(t.language), queueviews_plain(e.body, e.body_format),
                   %(q)s::tsquery, %(options)s)
FROM tickets_timelineentry e JOIN tickets_ticket t ON t.id = e.ticket_id
WHERE e.ticket_id = ANY(%(ids)s) AND e.search_body @@ %(q)s::tsquery
ORDER BY e.ticket_id, ts_rank(e.search_body, %(q)s::tsquery) DESC, e.id
"""


def snippets(ticket_ids: list[int], query: SearchQuery) -> dict[int, SafeString]:
    """ticket id -> the best matching passage of its timeline, escaped, the matches in <mark>; in one
    statement for a page of tickets. A ticket found by its subject alone has none."""
    if query.empty or not ticket_ids:
        return {}
    if connection.vendor != "postgresql":
        return _fallback_snippets(ticket_ids, query)
    if not query.tsquery:
        return {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_SNIPPETS_SQL, {"q": query.tsquery, "options": _HEADLINE, "ids": ticket_ids})
        rows = cursor.fetchall()
    return {pk: marked(text) for pk, text in rows}


def marked(text: str) -> SafeString:
    """ts_headline's output made safe: entities decoded, everything escaped, then the markers (which
    no escaping produces) turned into <mark>."""
    escaped = html.escape(" ".join(html.unescape(text).split()), quote=False)
    escaped = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308


def _fallback_snippets(ticket_ids: list[int], query: SearchQuery, width: int = 200) -> dict[int, SafeString]:
    pattern = re.compile("|".join(re.escape(w) for w in query.words), re.IGNORECASE)
    out: dict[int, SafeString] = {}
    entries = (
        TimelineEntry.objects.filter(ticket_id__in=ticket_ids).exclude(body="").order_by("ticket_id", "id")
    )
    for pk, body, fmt in entries.values_list("ticket_id", "body", "body_format"):
        if pk in out:
            continue
        text = re.sub(r"<[^>]*>", " ", body) if fmt == "html" else body
        text = " ".join(html.unescape(text).split())
        found = pattern.search(text)
        if not found:
            continue
        start = max(0, found.start() - width // 3)
        piece = text[start : start + width]
        highlighted = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", piece)
        out[pk] = marked(("… " if start else "") + highlighted + (" …" if start + width < len(text) else ""))
    return out
