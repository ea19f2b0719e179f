"""The PostgreSQL objects behind ticket search, created by migration 0002 (docs/views-and-search.md).

- `queueviews_ts_config(language)`: the text search configuration of a ticket's language, the
  knowledge base's (knowledgebase.languages.TS_CONFIGS), `simple` for the others.
- `queueviews_plain(body, format)`: an entry's text with HTML tags taken out.
- `tickets_ticket.search_subject` and `tickets_timelineentry.search_body`: tsvectors that the
  models do not declare (no page reads them but search), set by BEFORE triggers when a subject, body
  or language is written, so the index is current in the transaction that wrote the text.
- the words of every text written go to `queueviews_searchword` (new ones only, in the same trigger),
  whose trigram index corrects misspelt query words.
"""

from knowledgebase.languages import TS_CONFIGS

_CASES = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in sorted(TS_CONFIGS.items()))

# Words shorter than this are never corrected (too many neighbours), longer ones are hashes and ids.
MIN_WORD, MAX_WORD = 4, 32

# Only TS_CONFIGS (code) and the constants above go into the text.
SEARCH_SQL = f"""
CREATE FUNCTION queueviews_ts_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE lower(language) {_CASES} ELSE 'simple' END)::regconfig
$$;

CREATE FUNCTION queueviews_plain(body text, body_format text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN body_format = 'html' THEN regexp_replace(body, '<[^>]*>', ' ', 'g') ELSE body END
$$;

CREATE FUNCTION queueviews_words_add(document text) RETURNS void LANGUAGE sql AS $$
    -- The lexemes come out of a tsvector sorted, so concurrent writers take the words' index
    -- entries in one order and never deadlock on them.
    INSERT INTO queueviews_searchword (word)
    SELECT lexeme FROM unnest(to_tsvector('simple', document))
    WHERE char_length(lexeme) BETWEEN {MIN_WORD} AND {MAX_WORD} AND lexeme !~ '[0-9@._/:-]'
    ON CONFLICT DO NOTHING
$$;

CREATE FUNCTION queueviews_entry_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    plain text;
BEGIN
    IF NEW.body = '' THEN
        NEW.search_body := NULL;
        RETURN NEW;
    END IF;
    plain := queueviews_plain(NEW.body, NEW.body_format);
    NEW.search_body := to_tsvector(
        queueviews_ts_config((SELECT t.language FROM tickets_ticket t WHERE t.id = NEW.ticket_id)), plain
    );
    PERFORM queueviews_words_add(plain);
    RETURN NEW;
END
$$;

CREATE FUNCTION queueviews_ticket_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_subject := to_tsvector(queueviews_ts_config(NEW.language), NEW.subject);
    PERFORM queueviews_words_add(NEW.subject);
    RETURN NEW;
END
$$;

CREATE FUNCTION queueviews_ticket_language_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets_timelineentry
    SET search_body = to_tsvector(queueviews_ts_config(NEW.language), queueviews_plain(body, body_format))
    WHERE ticket_id = NEW.id AND body <> '';
    RETURN NULL;
END
$$;

ALTER TABLE tickets_ticket ADD COLUMN search_subject tsvector;
ALTER TABLE tickets_timelineentry ADD COLUMN search_body tsvector;

CREATE TRIGGER queueviews_ticket_insert BEFORE INSERT ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION queueviews_ticket_indexed();
-- Django's save() writes every column: only a changed subject or language is indexed again.
CREATE TRIGGER queueviews_ticket_update BEFORE UPDATE ON tickets_ticket
    FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION queueviews_ticket_indexed();
CREATE TRIGGER queueviews_ticket_language AFTER UPDATE ON tickets_ticket
    FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION queueviews_ticket_language_changed();
CREATE TRIGGER queueviews_entry_insert BEFORE INSERT ON tickets_timelineentry
    FOR EACH ROW EXECUTE FUNCTION queueviews_entry_indexed();
CREATE TRIGGER queueviews_entry_update BEFORE UPDATE ON tickets_timelineentry
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.body_format IS DISTINCT FROM NEW.body_format)
    EXECUTE FUNCTION queueviews_entry_indexed();

UPDATE tickets_ticket SET search_subject = to_tsvector(queueviews_ts_config(language), subject);
UPDATE tickets_timelineentry e
SET search_body = to_tsvector(queueviews_ts_config(t.language), queueviews_plain(e.body, e.body_format))
FROM tickets_ticket t WHERE t.id = e.ticket_id AND e.body <> '';
SELECT queueviews_words_add(subject) FROM tickets_ticket;
SELECT queueviews_words_add(queueviews_plain(body, body_format)) FROM tickets_timelineentry WHERE body <> '';

CREATE INDEX queueviews_subject_gin ON tickets_ticket USING gin (search_subject);
CREATE INDEX queueviews_body_gin ON tickets_timelineentry USING gin (search_body);
CREATE INDEX queueviews_word_trgm ON queueviews_searchword USING gin (word gin_trgm_ops);
"""  # noqa: S608

DROP_SQL = """
DROP TRIGGER IF EXISTS queueviews_entry_update ON tickets_timelineentry;
DROP TRIGGER IF EXISTS queueviews_entry_insert ON tickets_timelineentry;
DROP TRIGGER IF EXISTS queueviews_ticket_language ON tickets_ticket;
DROP TRIGGER IF EXISTS queueviews_ticket_update ON tickets_ticket;
DROP TRIGGER IF EXISTS queueviews_ticket_insert ON tickets_ticket;
ALTER TABLE tickets_timelineentry DROP COLUMN IF EXISTS search_body;
ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_subject;
DROP FUNCTION IF EXISTS queueviews_ticket_language_changed();
DROP FUNCTION IF EXISTS queueviews_ticket_indexed();
DROP FUNCTION IF EXISTS queueviews_entry_indexed();
DROP FUNCTION IF EXISTS queueviews_words_add(text);
DROP FUNCTION IF EXISTS queueviews_plain(text, text);
DROP FUNCTION IF EXISTS queueviews_ts_config(text);
DROP INDEX IF EXISTS queueviews_word_trgm;
"""

# Migration 0003: the insert triggers write the tsvector only; the words of new rows are added by
# queueviews.vocabulary's periodic sweep (a set-based INSERT per pass instead of a planned SQL
# function and a probe per word in every writing statement: most of a chat message's trigger time).
# An edit (a changed subject or body) still adds its words in the statement that makes it.
# The sweep starts 10,000 rows before the newest, which the old triggers had already added.
SWEEP_SQL = """
CREATE OR REPLACE FUNCTION queueviews_entry_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body = '' THEN
        NEW.search_body := NULL;
        RETURN NEW;
    END IF;
    NEW.search_body := to_tsvector(
        queueviews_ts_config((SELECT t.language FROM tickets_ticket t WHERE t.id = NEW.ticket_id)),
        queueviews_plain(NEW.body, NEW.body_format)
    );
    RETURN NEW;
END
$$;

CREATE FUNCTION queueviews_entry_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body <> '' THEN
        PERFORM queueviews_words_add(queueviews_plain(NEW.body, NEW.body_format));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION queueviews_ticket_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_subject := to_tsvector(queueviews_ts_config(NEW.language), NEW.subject);
    RETURN NEW;
END
$$;

CREATE FUNCTION queueviews_subject_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM queueviews_words_add(NEW.subject);
    RETURN NULL;
END
$$;

CREATE TRIGGER queueviews_entry_words AFTER UPDATE ON tickets_timelineentry
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.body_format IS DISTINCT FROM NEW.body_format)
    EXECUTE FUNCTION queueviews_entry_edited();
CREATE TRIGGER queueviews_subject_words AFTER UPDATE ON tickets_ticket
    FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject)
    EXECUTE FUNCTION queueviews_subject_edited();

INSERT INTO queueviews_vocabularysweep (name, mark)
SELECT 'entry', greatest(coalesce(max(id), 0) - 10000, 0) FROM tickets_timelineentry;
INSERT INTO queueviews_vocabularysweep (name, mark)
SELECT 'ticket', greatest(coalesce(max(id), 0) - 10000, 0) FROM tickets_ticket;
"""

SWEEP_DROP_SQL = """
DROP TRIGGER IF EXISTS queueviews_subject_words ON tickets_ticket;
DROP TRIGGER IF EXISTS queueviews_entry_words ON tickets_timelineentry;
DROP FUNCTION IF EXISTS queueviews_subject_edited();
DROP FUNCTION IF EXISTS queueviews_entry_edited();
CREATE OR REPLACE FUNCTION queueviews_entry_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    plain text;
BEGIN
    IF NEW.body = '' THEN
        NEW.search_body := NULL;
        RETURN NEW;
    END IF;
    plain := queueviews_plain(NEW.body, NEW.body_format);
    NEW.search_body := to_tsvector(
        queueviews_ts_config((SELECT t.language FROM tickets_ticket t WHERE t.id = NEW.ticket_id)), plain
    );
    PERFORM queueviews_words_add(plain);
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION queueviews_ticket_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_subject := to_tsvector(queueviews_ts_config(NEW.language), NEW.subject);
    PERFORM queueviews_words_add(NEW.subject);
    RETURN NEW;
END
$$;
"""

# One pass over the rows of one table after `mark` (at most `batch` of them), their words added in
# one set-based INSERT (sorted, so concurrent passes take the index entries in one order).
SWEEP_PASS_SQL = {
    name: f"""
WITH docs AS (
    SELECT id, {text} AS doc FROM {table} WHERE id > %(mark)s ORDER BY id LIMIT %(batch)s
), added AS (
    INSERT INTO queueviews_searchword (word)
    SELECT DISTINCT lexeme FROM docs, unnest(to_tsvector('simple', docs.doc))
    WHERE char_length(lexeme) BETWEEN {MIN_WORD} AND {MAX_WORD} AND lexeme !~ '[0-9@._/:-]'
    ORDER BY 1
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT (SELECT max(id) FROM docs), (SELECT count(*) FROM docs), (SELECT count(*) FROM added),
       statement_timestamp()
"""  # noqa: S608
    for name, table, text in (
        ("entry", "tickets_timelineentry", "queueviews_plain(body, body_format)"),
        ("ticket", "tickets_ticket", "subject"),
    )
}
