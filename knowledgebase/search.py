"""Searching published articles: PostgreSQL full text with trigram typo tolerance, and a scoring
fallback in Python for the embedded SQLite run. Reads only; the search log is a service.

Design (docs/knowledgebase.md):
- each translation's tsvector is built with its language's text search configuration, weighted
  title A, summary and tags B, body C;
- a query matches an article that has all its terms (`websearch_to_tsquery`), or some of them in
  its title, summary or tags (the same terms ORed, on a second, small tsvector of just those), or a
  title word-similar to the query (pg_trgm, for typos);
- the score adds the share of the query's terms the article contains (and its title contains),
  ts_rank_cd over the OR query, and trigram word similarity with the title;
- articles without a published translation in the language are searched in the default language
  and their hits are labelled as such.
"""

import html
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import SafeString, mark_safe

from knowledgebase.dbops import language_literal
from knowledgebase.languages import ANALYSED, UNSPACED, analyse, fold, ts_config, words
from knowledgebase.models import Article, ArticleStatus, ArticleTranslation
from knowledgebase.querysets import REGION_CODE

MAX_QUERY = 200
# Trigram word similarity above which a title counts as a typo match (pg_trgm's default is 0.6).
WORD_SIMILARITY_THRESHOLD = 0.45
# Weights in the score (see _score_sql): share of the query's terms found in the article, in its
# title, and in its head (title, summary, keywords, tags); trigram similarity of the query with the
# title. ts_rank_cd (0..1) has weight 1.
COVERAGE_WEIGHT = 1.0
TITLE_COVERAGE_WEIGHT = 0.8
HEAD_COVERAGE_WEIGHT = 0.4
TRIGRAM_WEIGHT = 0.6
# Matches per branch (see _candidates_sql) that get the full score; more only cost time.
CANDIDATES = 50
# A default-language stand-in ranks a little below a native hit of the same strength.
FALLBACK_FACTOR = 0.85
START, STOP = "\x02", "\x03"
_HEADLINE_OPTIONS = (
    f'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Hit:
    article_id: int
    translation_id: int
    slug: str
    language: str
    title: str
    summary: str
    category_id: int
    regions: str
    hidden_in: str
    score: float
    title_html: SafeString
    excerpt_html: SafeString
    # Shown in the default language because the article has no published translation in the
    # language asked for.
    fallback: bool = False
    # Found only by trigram similarity with the title (a likely typo), not by full text.
    typo: bool = False
    # Plain text an agent can paste: the summary, else the start of the body.
    snippet: str = ""


@dataclass
class SearchResults:
    query: str
    language: str
    region: str | None
    hits: list[Hit] = field(default_factory=list)
    engine: str = ""

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def exact(self) -> list[Hit]:
        return [h for h in self.hits if not h.typo]

    @property
    def did_you_mean(self) -> list[Hit]:
        return [h for h in self.hits if h.typo]


def clean_query(value: str | None) -> str:
    value = re.sub(r"[\x00-\x1f]", " ", value or "")
    return re.sub(r"\s+", " ", value).strip()[:MAX_QUERY]


def clean_region(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    return value if REGION_CODE.match(value) else None


def kb_search(
    *, query: str, language: str, region: str | None = None, limit: int = 10, all_regions: bool = False
) -> SearchResults:
    """Published articles for `query` in `language`, best first, visible in `region` (or in every
    region, for agents, when `all_regions`)."""
    query = clean_query(query)
    region = clean_region(region)
    results = SearchResults(query=query, language=language, region=region)
    if not query:
        return results
    if connection.vendor == "postgresql":
        results.engine = "postgresql"
        results.hits = _pg_search(query, language, region, limit, all_regions)
    else:
        results.engine = "fallback"
        results.hits = fallback_search(query, language, region, limit, all_regions)
    return results


# --- PostgreSQL -----------------------------------------------------------------------------------


def _hidden_sql(region: str | None) -> tuple[str, dict[str, str]]:
    """The articles a reader in `region` may not see: usually few or none, so each candidate branch
    drops them with one hashed look-up instead of joining every match to its article. Only articles
    with a region rule can be hidden; saying so lets the planner read them from their partial index
    (kb_article_region_rules) instead of reading every article."""
    if not region:
        return "a.regions <> ''", {}
    return (
        "(a.regions <> '' OR a.hidden_in <> '') AND ("
        "NOT (a.regions = '' OR (',' || a.regions || ',') LIKE %(region_like)s)"
        " OR (',' || a.hidden_in || ',') LIKE %(region_like)s)",
        {"region_like": f"%,{region},%"},
    )


_PG_SQL = """
WITH q AS (
    SELECT websearch_to_tsquery(%(cfg)s::regconfig, %(q_seg)s) AS and_q,
           websearch_to_tsquery(%(def_cfg)s::regconfig, %(q)s) AS def_and_q,
           tsvector_to_array(to_tsvector(%(cfg)s::regconfig, %(q_seg)s)) AS lex,
           tsvector_to_array(to_tsvector(%(def_cfg)s::regconfig, %(q)s)) AS def_lex
), tq AS (
    SELECT and_q, def_and_q, lex, def_lex,
           CASE WHEN %(negated)s THEN and_q ELSE replace(and_q::text, ' & ', ' | ')::tsquery END AS or_q,
           CASE WHEN %(negated)s THEN def_and_q ELSE replace(def_and_q::text, ' & ', ' | ')::tsquery END
               AS def_or_q
    FROM q
){hidden}, cand AS (
    {candidates}
), picked AS MATERIALIZED (
    -- Each candidate's vector is read out of TOAST once here (`||` makes an in-memory copy); the
    -- score below tests it once per query term, and each test would otherwise decompress it again.
    SELECT t.id, t.article_id, t.language, t.title, t.summary, t.body_text, c.fallback,
           t.search_vector || ''::tsvector AS search_vector
    FROM cand c JOIN knowledgebase_articletranslation t ON t.id = c.id
), matched AS (
    SELECT t.id, t.article_id, t.language, t.title, t.summary, t.body_text, t.fallback,
           CASE WHEN t.fallback THEN %(fallback_factor)s * ({score_default}) ELSE {score_native} END AS score,
           NOT (t.search_vector @@ CASE WHEN t.fallback THEN tq.def_or_q ELSE tq.or_q END) AS typo,
           CASE WHEN t.fallback THEN tq.def_and_q ELSE tq.and_q END AS used_q
    FROM picked t, tq
), best AS (
    SELECT * FROM matched
    WHERE NOT typo OR word_similarity(%(q)s, title) >= %(threshold)s
    ORDER BY score DESC, id LIMIT %(limit)s
)
SELECT best.id, best.article_id, best.language, best.title, best.summary, best.fallback, best.score,
       best.typo, a.slug, a.category_id, a.regions, a.hidden_in,
       CASE WHEN %(headline)s AND NOT best.typo
            THEN ts_headline(CASE WHEN best.fallback THEN %(def_cfg)s ELSE %(cfg)s END::regconfig,
                             best.title, best.used_q, 'HighlightAll=TRUE, StartSel={start}, StopSel={stop}')
       END AS title_hl,
       CASE WHEN %(headline)s AND NOT best.typo
            THEN ts_headline(CASE WHEN best.fallback THEN %(def_cfg)s ELSE %(cfg)s END::regconfig,
                             best.body_text, best.used_q, %(headline_options)s)
       END AS body_hl,
       left(best.body_text, 600) AS body_head
FROM best JOIN knowledgebase_article a ON a.id = best.article_id
ORDER BY best.score DESC, best.id
"""
_HIDDEN = """, hidden AS MATERIALIZED (
    SELECT a.id FROM knowledgebase_article a WHERE {hidden}
)"""

_CANDIDATE = """(
    SELECT t.id, {fallback} AS fallback
    FROM knowledgebase_articletranslation t
    WHERE t.language = {language} AND t.status = 'published' AND {match}{visible}{untranslated}
    ORDER BY {order}, t.id LIMIT %(candidates)s
)"""
# The query text the title index is searched with is a sub-select, not a constant: for a constant
# the planner estimates `<%` by computing its word similarity with each of the column's 100 most
# common titles and 100 histogram titles, a third of planning the whole statement, and the estimate
# would not change the plan (the branch reads its language's title index either way).
# The order is word-similarity distance, `title <->> q` = 1 - word_similarity(q, title), the same
# order as the similarity descending (distinct similarities are ratios of trigram counts, far apart
# beside a real's rounding; equal ones stay equal), which the language's GiST title index returns
# nearest first, so the branch reads its best titles instead of scoring and sorting every title above
# the threshold. The index orders by the distance alone: the branch takes the first CANDIDATES with
# every title as near as the last of them (WITH TIES), then cuts those to CANDIDATES by id, the
# same rows as ordering every match by similarity and id.
_SIMILAR = """(
    SELECT nearest.id, nearest.fallback FROM (
        SELECT t.id, {fallback} AS fallback, t.title <->> (SELECT %(q)s::text) AS distance
        FROM knowledgebase_articletranslation t
        WHERE t.language = {language} AND t.status = 'published'
          AND (SELECT %(q)s::text) <%% t.title{visible}{untranslated}
        ORDER BY t.title <->> (SELECT %(q)s::text) FETCH FIRST (%(candidates)s) ROWS WITH TIES
    ) nearest
    ORDER BY nearest.distance, nearest.id LIMIT %(candidates)s
)"""
# The queries of the `q` and `tq` CTEs, written out again in each candidate branch: there they are
# constants the planner folds (immutable functions of literal values), so it estimates each branch's
# matches from the column's statistics and serves the match from the language's index, where a
# column of a CTE is a value it knows nothing of until run time.
_AND_Q = "websearch_to_tsquery(%(cfg)s::regconfig, %(q_seg)s)"
_DEF_AND_Q = "websearch_to_tsquery(%(def_cfg)s::regconfig, %(q)s)"


def _or_query(and_q: str) -> str:
    return f"(CASE WHEN %(negated)s THEN {and_q} ELSE replace({and_q}::text, ' & ', ' | ')::tsquery END)"


_VISIBLE = " AND t.article_id NOT IN (SELECT id FROM hidden)"
# The same condition as an anti-join, for the title-similarity branch. The planner counts `NOT IN` a
# subquery as keeping half the rows; with the trigram match's own guess (1% of the language's titles)
# that is about the CANDIDATES the branch keeps, so it would rather sort every match than read the
# index nearest first. An anti-join with the few hidden articles keeps nearly all, as it does.
_VISIBLE_NEAREST = " AND NOT EXISTS (SELECT 1 FROM hidden h WHERE h.id = t.article_id)"
_UNTRANSLATED = """ AND NOT EXISTS (
        SELECT 1 FROM knowledgebase_articletranslation o
        WHERE o.article_id = t.article_id AND o.language = %(lang)s AND o.status = 'published')"""


def _language_sql(language: str, param: str) -> str:
    """The language as a literal in the statement, so the planner picks that language's partial
    indexes (knowledgebase/dbops.py) even for a prepared statement's generic plan; a value that is
    not a language code (callers pass configured codes) stays a bound parameter."""
    try:
        return language_literal(language)
    except ValueError:
        return f"%({param})s"


def _candidates_sql(*, language: str, fallback: bool, hidden: bool) -> str:
    """Candidates for the full score, each branch cut to the best CANDIDATES by a cheap order:
    articles with every term (the AND query, on the whole text), articles with some terms in their
    title, summary or tags (the OR query, on the small head vector: a body that mentions one word of
    the question is not a candidate on that alone), and titles similar to a misspelt query; in the
    language, and, when it is not the default language, in the default language for articles not
    translated into it. Each branch reads one language, through that language's own indexes."""
    visible, visible_nearest = (_VISIBLE, _VISIBLE_NEAREST) if hidden else ("", "")
    sides = [("FALSE", _language_sql(language, "lang"), _or_query(_AND_Q), _AND_Q, "")]
    if fallback:
        default = _language_sql(settings.LANGUAGE_CODE, "default")
        sides.append(("TRUE", default, _or_query(_DEF_AND_Q), _DEF_AND_Q, _UNTRANSLATED))
    branches = []
    for flag, language, or_q, and_q, untranslated in sides:
        for match, order in (
            (f"t.search_vector @@ {and_q}", f"ts_rank(t.search_vector, {and_q}) DESC"),
            (f"t.search_head @@ {or_q}", f"ts_rank(t.search_head, {or_q}) DESC"),
        ):
            branches.append(
                _CANDIDATE.format(
                    fallback=flag,
                    language=language,
                    match=match,
                    visible=visible,
                    untranslated=untranslated,
                    order=order,
                )
            )
        branches.append(
            _SIMILAR.format(
                fallback=flag, language=language, visible=visible_nearest, untranslated=untranslated
            )
        )
    return "\n    UNION\n    ".join(branches)


def _score_sql(or_q: str, lexemes: str) -> str:
    """Coverage of the query's terms counts most, so an article about the question beats one that
    repeats a single word: anywhere, in the title, and in the title, summary, keywords and tags (what
    the article is about, as its writers put it: "perdi o celular" there beats "Google Authenticator"
    in the body); ts_rank_cd orders articles of equal coverage, and trigram similarity with the title
    rewards near-spellings.

    `or_q` and `lexemes` are column names of the query's own CTE, never input; values are bound."""
    share = (
        "(SELECT count(*) FROM unnest({lexemes}) l WHERE t.search_vector @@ {term})::float"
        " / greatest(cardinality({lexemes}), 1)"
    )
    return (
        f"%(coverage)s * {share.format(lexemes=lexemes, term='quote_literal(l)::tsquery')}"
        f" + %(title_coverage)s * {share.format(lexemes=lexemes, term=_WEIGHTED.format(weights='A'))}"
        f" + %(head_coverage)s * {share.format(lexemes=lexemes, term=_WEIGHTED.format(weights='AB'))}"
        f" + ts_rank_cd(t.search_vector, {or_q}, 32)"
        f" + %(trgm_weight)s * word_similarity(%(q)s, t.title)"
    )


_WEIGHTED = "(quote_literal(l) || ':{weights}')::tsquery"


def pg_search_sql(
    query: str, language: str, region: str | None, limit: int, all_regions: bool
) -> tuple[str, dict[str, Any]]:
    """The PostgreSQL search statement and its parameters (also EXPLAINed by bench/kb_search.py).

    The statement's text depends only on the language and the shape of the search (region filter or
    none): the language is written into it, for the planner to choose that language's indexes."""
    default = settings.LANGUAGE_CODE
    fallback = language != default
    hidden_sql, region_params = ("", {}) if all_regions else _hidden_sql(region)
    sql = _PG_SQL.format(
        hidden=_HIDDEN.format(hidden=hidden_sql) if hidden_sql else "",
        candidates=_candidates_sql(language=language, fallback=fallback, hidden=bool(hidden_sql)),
        start=START,
        stop=STOP,
        score_native=_score_sql("tq.or_q", "tq.lex"),
        score_default=_score_sql("tq.def_or_q", "tq.def_lex"),
    )
    params: dict[str, Any] = {
        "cfg": ts_config(language),
        "def_cfg": ts_config(default),
        "q": query,
        "q_seg": analyse(query, language, query=True),
        "lang": language,
        "default": default,
        "negated": bool(re.search(r"(^|\s)-\w", query)),
        "coverage": COVERAGE_WEIGHT,
        "title_coverage": TITLE_COVERAGE_WEIGHT,
        "head_coverage": HEAD_COVERAGE_WEIGHT,
        "trgm_weight": TRIGRAM_WEIGHT,
        "fallback_factor": FALLBACK_FACTOR,
        "threshold": WORD_SIMILARITY_THRESHOLD,
        "limit": limit,
        "candidates": CANDIDATES,
        # Text analysed in Python (bigrams, stems) is highlighted in Python, on the original text:
        # ts_headline would look for the analysed terms in it.
        "headline": language not in ANALYSED,
        "headline_options": _HEADLINE_OPTIONS,
        **region_params,
    }
    return sql, params


def _pg_search(query: str, language: str, region: str | None, limit: int, all_regions: bool) -> list[Hit]:
    sql, params = pg_search_sql(query, language, region, limit, all_regions)
    # The `<%` operator (which the trigram index serves) reads its threshold from this setting.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = []
    terms = _query_terms(query, language)
    for (
        tid,
        aid,
        lang,
        title,
        summary,
        fallback,
        score,
        typo,
        slug,
        cat,
        regions,
        hidden,
        t_hl,
        b_hl,
        head,
    ) in rows:
        title_html = _marked(t_hl) if t_hl else highlight(title, terms, lang)
        excerpt_html = _marked(b_hl) if b_hl else excerpt(head, terms, lang)
        hits.append(
            Hit(
                article_id=aid,
                translation_id=tid,
                slug=slug,
                language=lang,
                title=title,
                summary=summary,
                category_id=cat,
                regions=regions,
                hidden_in=hidden,
                score=float(score),
                title_html=title_html,
                excerpt_html=excerpt_html,
                fallback=bool(fallback),
                typo=bool(typo),
                snippet=summary or _head(head),
            )
        )
    return hits


def _head(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > width // 2 else width] + " …"


def _marked(text: str) -> SafeString:
    """ts_headline's output escaped, then only our own markers turned into <mark>."""
    escaped = html.escape(text.strip(), quote=False)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


# --- The fallback: token overlap in Python --------------------------------------------------------


def _wordset(text: str) -> set[str]:
    return set(text.split())


STOPWORDS: dict[str, set[str]] = {
    "en": _wordset(
        "a an and are as at be by can do does for from how i if in is it its my of on or the to was what "
        "when where why with you your me we our this that have has not no did get got"
    ),
    "es": _wordset(
        "a al con de del el en es la las lo los mi mis no por que se su sus un una y como cuando donde "
        "para me ha he hay esta este esto"
    ),
    "de": _wordset(
        "der die das den dem des ein eine einen einem einer und oder ist ich mein meine mich mir wie was "
        "warum wo wenn mit von zu zum zur im in auf an fur nicht hat habe es sie"
    ),
    "fr": _wordset(
        "le la les un une des de du et ou est je mon ma mes me pour par en au aux a que qui quoi comment "
        "pourquoi ne pas sur dans avec il elle ce cette j ai l d qu n c s"
    ),
    "pt-br": _wordset("o a os as um uma de do da dos das e ou em no na meu minha por para que como"),
    "it": _wordset("il lo la i gli le un una di del della e o in mio mia per che come"),
}


def _query_terms(query: str, language: str) -> list[str]:
    # websearch syntax: quotes and "or" are words here, a leading minus excludes nothing.
    stop = STOPWORDS.get(language, set()) | STOPWORDS["en"] | {"or"}
    terms = [w for w in words(query, language, query=True) if w not in stop]
    return list(dict.fromkeys(terms)) or list(dict.fromkeys(words(query, language, query=True)))


def _stem(term: str) -> str:
    """A crude prefix stem: enough for plural and tense endings in European languages."""
    return term if len(term) <= 4 else term[: max(4, len(term) - 3)]


def _match_strength(term: str, tokens: set[str], fuzzy: bool) -> float:
    if term in tokens:
        return 1.0
    stem = _stem(term)
    if len(term) > 3 and any(t.startswith(stem) and abs(len(t) - len(term)) <= 4 for t in tokens):
        return 0.8
    if fuzzy and len(term) >= 5:
        best = max(
            (SequenceMatcher(None, term, t).ratio() for t in tokens if abs(len(t) - len(term)) <= 3),
            default=0.0,
        )
        if best >= 0.75:
            return 0.6 * best
    return 0.0


@dataclass
class _Doc:
    translation: ArticleTranslation
    fallback: bool
    title: set[str]
    secondary: set[str]
    body: Counter[str]


def _fallback_candidates(
    language: str, region: str | None, all_regions: bool
) -> Iterable[tuple[ArticleTranslation, bool]]:
    default = settings.LANGUAGE_CODE
    base = ArticleTranslation.objects.published().select_related("article").prefetch_related("article__tags")
    if not all_regions:
        base = base.visible_in(region)
    languages = Q(language=language)
    if language != default:
        native = ArticleTranslation.objects.filter(
            article=OuterRef("article"), language=language, status=ArticleStatus.PUBLISHED
        )
        languages |= Q(language=default) & ~Q(Exists(native))
    for t in base.filter(languages):
        yield t, t.language != language


def fallback_search(
    query: str, language: str, region: str | None, limit: int = 10, all_regions: bool = False
) -> list[Hit]:
    """Token-overlap scoring with accent folding, prefix stems, IDF and a fuzzy match for typos.

    Runs on any database (it reads the candidates and scores them here), which is what the embedded
    SQLite install uses; the tests also run it against PostgreSQL data.
    """
    query = clean_query(query)
    docs = []
    for t, fallback in _fallback_candidates(language, region, all_regions):
        lang = t.language
        tags = " ".join(tag.name.replace("-", " ") for tag in t.article.tags.all())
        docs.append(
            _Doc(
                translation=t,
                fallback=fallback,
                title=set(words(t.title, lang)),
                secondary=set(words(f"{t.summary} {tags}", lang)),
                body=Counter(words(t.body_text, lang)),
            )
        )
    if not docs or not query:
        return []
    scored = []
    term_sets = {lang: _query_terms(query, lang) for lang in {language, settings.LANGUAGE_CODE}}
    df: Counter[str] = Counter()
    for doc in docs:
        everything = doc.title | doc.secondary | set(doc.body)
        for term in term_sets[doc.translation.language]:
            if _match_strength(term, everything, fuzzy=False):
                df[term] += 1
    n = len(docs)
    for doc in docs:
        terms = term_sets[doc.translation.language]
        if not terms:
            continue
        body_tokens = set(doc.body)
        idfs = [math.log(1 + n / (1 + df[term])) for term in terms]
        total_idf = sum(idfs) or 1.0
        anywhere = in_title = in_head = frequency = 0.0
        typo_only = True
        for term, idf in zip(terms, idfs, strict=True):
            # Only a word no article contains is taken for a typo and matched approximately.
            unknown = df[term] == 0
            title = _match_strength(term, doc.title, fuzzy=unknown)
            secondary = _match_strength(term, doc.secondary, fuzzy=unknown)
            body = _match_strength(term, body_tokens, fuzzy=False)
            best = max(title, secondary, body)
            if best >= 0.8:
                typo_only = False
            anywhere += idf * best
            in_title += idf * title
            in_head += idf * max(title, secondary)
            if body:
                tf = sum(c for tok, c in doc.body.items() if tok.startswith(_stem(term)))
                frequency += idf * math.log(1 + tf)
        if not anywhere:
            continue
        # The same shape as the PostgreSQL score: coverage, title and head coverage, then frequency (0..1).
        score = (
            COVERAGE_WEIGHT * anywhere / total_idf
            + TITLE_COVERAGE_WEIGHT * in_title / total_idf
            + HEAD_COVERAGE_WEIGHT * in_head / total_idf
            + frequency / (frequency + total_idf)
        )
        if doc.fallback:
            score *= FALLBACK_FACTOR
        scored.append((score, typo_only, doc))
    scored.sort(key=lambda item: (-item[0], item[2].translation.pk))
    hits = []
    for score, typo_only, doc in scored[:limit]:
        t = doc.translation
        terms = term_sets[t.language]
        hits.append(
            Hit(
                article_id=t.article_id,
                translation_id=t.pk,
                slug=t.article.slug,
                language=t.language,
                title=t.title,
                summary=t.summary,
                category_id=t.article.category_id,
                regions=t.article.regions,
                hidden_in=t.article.hidden_in,
                score=score,
                title_html=highlight(t.title, terms, t.language),
                excerpt_html=excerpt(t.body_text, terms, t.language),
                fallback=doc.fallback,
                typo=typo_only,
                snippet=t.summary or _head(t.body_text),
            )
        )
    return hits


# --- Highlighting without PostgreSQL --------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _is_hit(word: str, terms: list[str], language: str) -> bool:
    folded = fold(word)
    if language in ANALYSED and any(key in terms for key in fold(analyse(word, language)).split()):
        # The word's stem, folded form or one of its bigrams is a query term: податкові for
        # податкової, 출금 in 출금했는데.
        return True
    return any(folded == t or (len(t) > 3 and folded.startswith(_stem(t))) for t in terms)


def highlight(text: str, terms: list[str], language: str) -> SafeString:
    """`text` escaped, with the words that match a query term in <mark>."""
    if language in UNSPACED:
        return _highlight_substrings(text, terms)
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        if _is_hit(match.group(0), terms, language):
            out.append(html.escape(text[last : match.start()], quote=False))
            out.append(f"<mark>{html.escape(match.group(0), quote=False)}</mark>")
            last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return mark_safe("".join(out))  # noqa: S308


def _highlight_substrings(text: str, terms: list[str]) -> SafeString:
    pieces = sorted({t for t in terms if t}, key=len, reverse=True)
    if not pieces:
        return mark_safe(html.escape(text, quote=False))  # noqa: S308
    pattern = re.compile("|".join(re.escape(p) for p in pieces), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        out.append(f"<mark>{html.escape(match.group(0), quote=False)}</mark>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return mark_safe("".join(out))  # noqa: S308


def excerpt(body_text: str, terms: list[str], language: str, width: int = 240) -> SafeString:
    """A window of the body around the first matching word, highlighted."""
    text = " ".join(body_text.split())
    start = 0
    for match in _TOKEN.finditer(text):
        if _is_hit(match.group(0), terms, language):
            start = max(0, match.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = text[start : start + width]
    if start + width < len(text):
        cut = piece.rfind(" ")
        piece = (piece[:cut] if cut > width // 2 else piece) + " …"
    return mark_safe(("… " if start else "") + highlight(piece, terms, language))  # noqa: S308


def related_articles(article: Article, language: str, region: str | None, limit: int = 5) -> list[int]:
    """Ids of related articles: the explicit list first, then those sharing the most tags, then the
    same category; only articles with some published translation the reader may see."""
    visible = Article.objects.visible_in(region).filter(translations__status=ArticleStatus.PUBLISHED)
    explicit = list(
        visible.filter(pk__in=article.related.values("pk")).values_list("pk", flat=True).distinct()
    )
    chosen = [pk for pk in article.related.values_list("pk", flat=True) if pk in explicit]
    if len(chosen) < limit:
        from django.db.models import Count

        by_tags = (
            visible.exclude(pk__in=[article.pk, *chosen])
            .filter(tags__in=article.tags.all())
            .annotate(shared=Count("tags", distinct=True))
            .order_by("-shared", "position", "pk")
            .values_list("pk", flat=True)[: limit * 2]
        )
        for pk in by_tags:
            if pk not in chosen:
                chosen.append(pk)
    if len(chosen) < limit:
        same = (
            visible.filter(category_id=article.category_id)
            .exclude(pk__in=[article.pk, *chosen])
            .order_by("position", "pk")
            .values_list("pk", flat=True)
            .distinct()[:limit]
        )
        chosen.extend(pk for pk in same if pk not in chosen)
    return chosen[:limit]
