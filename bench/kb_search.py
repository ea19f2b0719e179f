"""Knowledge base search latency over 10,000 articles in 20 languages, on PostgreSQL.

A throwaway database gets 10,000 articles, each translated into 20 languages (200,000 published
translations). Text is synthetic but word-realistic: titles and bodies are drawn from the word
frequencies of the seed articles (knowledgebase/seed/) in en, es, de and fr; the other languages get
the English vocabulary mapped word by word into their script (Latin variants, Cyrillic, Arabic,
Devanagari, Hangul, CJK and Thai characters, the last three without spaces), so each language keeps a
natural Zipf distribution and its own text search configuration. Search vectors are written by the
service's own `translations_reindex`.

In one run, for a set of queries per language (typical questions, a two-word query and a misspelt
title), it measures:

- `kb_search()`: the help center's search service (OR/AND full text, coverage ranking, trigram typo
  matching, default-language fallback, ts_headline highlights), and
- the bare stack: `SELECT id ... WHERE search_vector @@ websearch_to_tsquery(...) ORDER BY ts_rank
  LIMIT 10` on the same data,

and prints EXPLAIN (ANALYZE) of both for one query, to show the GIN indexes at work (one set per
language since migration 0004). `--reuse` migrates the earlier run's data first, so data loaded
before a migration gets its indexes.

    .venv/bin/python bench/kb_search.py
    .venv/bin/python bench/kb_search.py --articles 1000     # quicker
"""

import argparse
import collections
import hashlib
import html
import io
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB names the throwaway database, so two runs on one server never share one.
DB = os.environ.get("BENCH_DB", "helpdesk_bench_kb")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
LANGUAGES = [
    "en", "es", "pt-br", "fr", "de", "it", "tr", "ru", "uk", "pl",
    "nl", "ar", "fa", "hi", "id", "vi", "th", "ja", "ko", "zh-hans",
]  # fmt: skip
SEEDED = ("en", "es", "de", "fr")
QUESTIONS = {
    "en": ["lost my phone 2fa", "withdrawal pending for hours", "sent usdt on the wrong network", "memo"],
    "es": ["retiro pendiente", "perdí mi teléfono 2fa", "red equivocada depósito"],
    "de": ["Auszahlung ausstehend", "2FA zurücksetzen", "falsches Netzwerk Einzahlung"],
    "fr": ["retrait en attente", "j'ai perdu mon téléphone", "mauvais réseau"],
}
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
CHUNK = 5_000
VECTOR_SQL = """
UPDATE knowledgebase_articletranslation t SET
    search_head = setweight(to_tsvector(%(cfg)s::regconfig, t.title), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, t.summary), 'B'),
    search_vector = setweight(to_tsvector(%(cfg)s::regconfig, t.title), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, t.summary), 'B')
        || setweight(to_tsvector(%(cfg)s::regconfig, t.body_text), 'C')
FROM knowledgebase_article a
WHERE a.id = t.article_id AND a.slug LIKE 'bench-%%' AND t.language = %(lang)s
"""
COPY_SQL = (
    "COPY knowledgebase_articletranslation (article_id, language, title, summary, keywords, body, body_html,"
    " body_text, status, published_at, updated_at, version, helpful_yes, helpful_no, views) FROM STDIN"
)


# --- Vocabulary ------------------------------------------------------------------------------------


def seed_vocabulary() -> dict[str, collections.Counter[str]]:
    vocab: dict[str, collections.Counter[str]] = {lang: collections.Counter() for lang in SEEDED}
    for path in (ROOT / "knowledgebase" / "seed" / "articles").glob("*/*.md"):
        lang = path.stem
        if lang in vocab:
            vocab[lang].update(w.lower() for w in WORD.findall(path.read_text(encoding="utf-8")))
    return vocab


def _h(word: str, salt: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{salt}:{word}".encode(), digest_size=4).digest(), "big")


_CYR = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстуввхыз", strict=True))
_ARA = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابتدهفغحيجكلمنوبقرسطوفخيزظ", strict=True))
_DEV = dict(zip("abcdefghijklmnopqrstuvwxyz", "अबचदएफगहइजकलमनओपकरसतउवशषयझ", strict=True))
_LATIN_SUFFIX = {"pt-br": "ão", "it": "o", "tr": "\u0131", "pl": "ść", "nl": "en", "id": "kan", "vi": "ệ"}


def map_word(word: str, lang: str) -> str:
    """An English word carried into `lang`'s script, the same every time."""
    if lang in _LATIN_SUFFIX:
        return word[: max(3, len(word) - 1)] + _LATIN_SUFFIX[lang]
    if lang in ("ru", "uk"):
        return "".join(_CYR.get(c, c) for c in word)
    if lang in ("ar", "fa"):
        return "".join(_ARA.get(c, c) for c in word)
    if lang == "hi":
        return "".join(_DEV.get(c, c) for c in word)
    if lang == "ko":
        n = max(1, len(word) // 3)
        return "".join(chr(0xAC00 + _h(word + str(i), lang) % 11172) for i in range(n))
    if lang in ("ja", "zh-hans"):
        n = 2 + _h(word, lang) % 2
        return "".join(chr(0x4E00 + _h(word + str(i), lang) % 6000) for i in range(n))
    if lang == "th":
        n = 2 + _h(word, lang) % 3
        return "".join(chr(0x0E01 + _h(word + str(i), lang) % 46) for i in range(n))
    return word


def vocabularies() -> dict[str, tuple[list[str], list[int]]]:
    seeded = seed_vocabulary()
    english = seeded["en"].most_common(4000)
    out: dict[str, tuple[list[str], list[int]]] = {}
    for lang in LANGUAGES:
        if lang in seeded:
            common = seeded[lang].most_common(4000)
        else:
            common = [(map_word(w, lang), c) for w, c in english]
        out[lang] = ([w for w, _c in common], [c for _w, c in common])
    return out


def joiner(lang: str) -> str:
    return "" if lang in ("ja", "zh-hans", "th") else " "


def text(rng: random.Random, vocab: tuple[list[str], list[int]], n: int, lang: str) -> str:
    return joiner(lang).join(rng.choices(vocab[0], weights=vocab[1], k=n))


# --- Data ------------------------------------------------------------------------------------------


def prepare(articles: int, vocab: dict[str, tuple[list[str], list[int]]]) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from tqdm import tqdm

    from knowledgebase.languages import ANALYSED, ts_config
    from knowledgebase.markdown import html_to_text
    from knowledgebase.models import Article, ArticleTranslation
    from knowledgebase.seed_loader import kb_seed_load
    from knowledgebase.services import translations_reindex

    call_command("migrate", verbosity=0)
    log("loading the seed articles (for categories and the real questions)")
    kb_seed_load()
    categories = list(Article.objects.values_list("category_id", flat=True).distinct())
    rng = random.Random(20260)
    now = timezone.now()
    log(
        f"inserting {articles:,} articles x {len(LANGUAGES)} languages"
        f" = {articles * len(LANGUAGES):,} translations"
    )
    started = time.monotonic()
    with tqdm(total=articles * len(LANGUAGES), unit="row", unit_scale=True) as bar:
        for start in range(0, articles, CHUNK // len(LANGUAGES) * 10):
            batch = range(start, min(start + CHUNK // len(LANGUAGES) * 10, articles))
            made = Article.objects.bulk_create(
                [
                    Article(slug=f"bench-{n}", category_id=categories[n % len(categories)], position=n)
                    for n in batch
                ]
            )
            buffer = io.StringIO()
            for article in made:
                for lang in LANGUAGES:
                    v = vocab[lang]
                    title = text(rng, v, rng.randint(5, 10), lang)
                    summary = text(rng, v, rng.randint(10, 18), lang)
                    paragraphs = [text(rng, v, rng.randint(30, 60), lang) for _ in range(rng.randint(2, 5))]
                    body = "\n\n".join(paragraphs)
                    # What render_markdown makes of plain paragraphs, without its cost per row.
                    body_html = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
                    row = [
                        str(article.pk), lang, title, summary, "", body, body_html, html_to_text(body_html),
                        "published", now.isoformat(), now.isoformat(), "1", "0", "0", "0",
                    ]  # fmt: skip
                    buffer.write("\t".join(_copy_escape(c) for c in row) + "\n")
                bar.update(len(LANGUAGES))
            buffer.seek(0)
            with connection.cursor() as cur, cur.copy(COPY_SQL) as copy:
                copy.write(buffer.getvalue())
    inserted = time.monotonic() - started
    # Languages PostgreSQL stems (no tags here) get the same vector as translations_reindex writes,
    # in one UPDATE each; the others need its Python analysis (bigrams, stems), so they go through it.
    log("writing search vectors")
    started = time.monotonic()
    bench = ArticleTranslation.objects.filter(article__slug__startswith="bench-")
    with tqdm(total=articles * len(LANGUAGES), unit="row", unit_scale=True) as bar:
        for lang in LANGUAGES:
            if lang in ANALYSED:
                ids = list(bench.filter(language=lang).values_list("pk", flat=True))
                for i in range(0, len(ids), CHUNK):
                    translations_reindex(ids=ids[i : i + CHUNK])
            else:
                with connection.cursor() as cur:
                    cur.execute(VECTOR_SQL, {"cfg": ts_config(lang), "lang": lang})
            bar.update(articles)
    indexed = time.monotonic() - started
    ids = list(bench.values_list("pk", flat=True))
    log("VACUUM ANALYZE")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE knowledgebase_articletranslation")
        cur.execute("VACUUM ANALYZE knowledgebase_article")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('knowledgebase_articletranslation'))")
        size = cur.fetchone()[0]
    return {
        "translations": ArticleTranslation.objects.count(),
        "insert_seconds": round(inserted, 1),
        "reindex_seconds": round(indexed, 1),
        "reindex_rows_per_second": round(len(ids) / indexed),
        "table_size": size,
    }


def existing_data() -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection

    from knowledgebase.models import ArticleTranslation

    # The data of an earlier run gets the current schema and indexes (0004: one set per language).
    log("migrate")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("ANALYZE knowledgebase_articletranslation")

    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('knowledgebase_articletranslation'))")
        size = cur.fetchone()[0]
    return {"translations": ArticleTranslation.objects.count(), "table_size": size, "reused": True}


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def queries_for(lang: str, vocab: dict[str, tuple[list[str], list[int]]], rng: random.Random) -> list[str]:
    from knowledgebase.models import ArticleTranslation

    words = vocab[lang][0]
    mid = words[50:800]
    out = list(QUESTIONS.get(lang, []))
    sep = joiner(lang)
    while len(out) < 8:
        out.append(sep.join(rng.sample(mid, 2)))
    # A misspelt title of an existing article: one character dropped from a long word.
    titles = ArticleTranslation.objects.filter(language=lang, article__slug__startswith="bench-")
    title = titles.values_list("title", flat=True)[rng.randint(0, min(500, titles.count() - 1))]
    parts = title.split()[:3] if sep else [title[:6]]
    long = max(range(len(parts)), key=lambda i: len(parts[i]))
    if len(parts[long]) > 4:
        parts[long] = parts[long][:2] + parts[long][3:]
    out.append(sep.join(parts))
    return out


BARE_SQL = """
SELECT t.id FROM knowledgebase_articletranslation t
WHERE t.language = %(lang)s AND t.status = 'published'
  AND t.search_vector @@ websearch_to_tsquery(%(cfg)s::regconfig, %(q)s)
ORDER BY ts_rank(t.search_vector, websearch_to_tsquery(%(cfg)s::regconfig, %(q)s)) DESC
LIMIT 10
"""


def measure(queries: dict[str, list[str]], repeats: int, before: str | None = None) -> dict[str, object]:
    """Each engine on each query in turn (the order rotating), so a machine shared with other work
    slows them alike; `before` is an earlier knowledgebase/search.py to measure beside the current one."""
    import importlib.util

    from django.db import connection

    from knowledgebase.languages import analyse, ts_config
    from knowledgebase.search import kb_search

    def service(lang: str, q: str) -> int:
        return len(kb_search(query=q, language=lang).hits)

    def bare(lang: str, q: str) -> int:
        with connection.cursor() as cur:
            cur.execute(BARE_SQL, {"lang": lang, "cfg": ts_config(lang), "q": analyse(q, lang, query=True)})
            return len(cur.fetchall())

    engines: list[tuple[str, Any]] = [("kb_search", service), ("bare SQL", bare)]
    if before:
        spec = importlib.util.spec_from_file_location("kb_search_before", before)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)

        def earlier(lang: str, q: str) -> int:
            return len(module.kb_search(query=q, language=lang).hits)

        engines.append(("kb_search before", earlier))
    calls = [(lang, q) for lang, qs in queries.items() for q in qs]
    for _name, fn in engines:
        for lang, q in calls:
            fn(lang, q)  # warm the cache and the plan
    samples: dict[str, list[float]] = {name: [] for name, _fn in engines}
    per_lang: dict[str, dict[str, list[float]]] = {
        name: collections.defaultdict(list) for name, _fn in engines
    }
    hits: collections.Counter[str] = collections.Counter()
    from tqdm import tqdm

    with tqdm(total=repeats * len(calls), unit="query", leave=False) as bar:
        for n in range(repeats):
            for i, (lang, q) in enumerate(calls):
                shift = (n + i) % len(engines)
                for name, fn in engines[shift:] + engines[:shift]:
                    started = time.perf_counter()
                    hits[name] += fn(lang, q) > 0
                    ms = (time.perf_counter() - started) * 1000
                    samples[name].append(ms)
                    per_lang[name][lang].append(ms)
                bar.update(1)
    out: dict[str, object] = {}
    for name, values in samples.items():
        values.sort()
        out[name] = r = {
            "calls": len(values),
            "with_results": hits[name],
            "p50_ms": round(statistics.median(values), 2),
            "p99_ms": round(values[int(0.99 * (len(values) - 1))], 2),
            "max_ms": round(values[-1], 2),
            "per_language_p50_ms": {
                lang: round(statistics.median(v), 2) for lang, v in per_lang[name].items()
            },
        }
        log(f"{name}: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms over {r['calls']} calls")
    return out


def explain() -> dict[str, str]:
    from django.db import connection, transaction

    from knowledgebase.search import WORD_SIMILARITY_THRESHOLD, pg_search_sql

    plans = {}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        cur.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + BARE_SQL,
            {"lang": "de", "cfg": "german", "q": "Auszahlung ausstehend"},
        )
        plans["bare SQL (de: Auszahlung ausstehend)"] = "\n".join(r[0] for r in cur.fetchall())
        sql, params = pg_search_sql("Auszahlung ausstehend", "de", None, 10, False)
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        plans["kb_search (de: Auszahlung ausstehend)"] = "\n".join(r[0] for r in cur.fetchall())
    return plans


def _load(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def _row(name: str, r: dict[str, object]) -> str:
    return f"| {name} | {r['calls']} | {r['p50_ms']} ms | {r['p99_ms']} ms | {r['max_ms']} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3, help="Passes over the query set per engine.")
    parser.add_argument(
        "--before",
        help="An earlier knowledgebase/search.py, measured beside the current one in the same run.",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Measure again on the data a previous run left in BENCH_DB."
    )
    args = parser.parse_args()

    if not args.reuse:
        reset_database(DB)
    import django

    django.setup()
    vocab = vocabularies()
    data = existing_data() if args.reuse else prepare(args.articles, vocab)
    log(f"data: {data}")
    rng = random.Random(7)
    queries = {lang: queries_for(lang, vocab, rng) for lang in LANGUAGES}
    load_before = os.getloadavg()
    results = measure(queries, args.repeats, args.before)
    load_after = os.getloadavg()
    plans = explain()
    summary = {
        "articles": args.articles,
        "languages": LANGUAGES,
        "data": data,
        "queries_per_language": {k: v for k, v in queries.items()},
        "results": results,
        "load_average": {"before": load_before, "after": load_after},
        "plans": plans,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kb_search.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    service, bare = results["kb_search"], results["bare SQL"]
    assert isinstance(service, dict) and isinstance(bare, dict)
    lines = [
        "# Knowledge base search latency",
        "",
        f"{args.articles:,} articles x {len(LANGUAGES)} languages"
        f" = {data['translations']:,} published translations "
        f"(table with indexes: {data['table_size']}); {len(queries['en'])} queries per language, "
        f"{args.repeats} passes, one connection, PostgreSQL 15. Load average (1, 5, 15 min) when the"
        f" measurement started: {_load(load_before)}; when it ended: {_load(load_after)}.",
        "",
        "    .venv/bin/python bench/kb_search.py"
        + (f" --articles {args.articles}" if args.articles != 10_000 else "")
        + (f" --repeats {args.repeats}" if args.repeats != 3 else "")
        + (f" --before {args.before}" if args.before else "")
        + (" --reuse" if args.reuse else ""),
        "",
        "| | calls | p50 | p99 | max |",
        "|---|---:|---:|---:|---:|",
        _row("`kb_search()` (coverage ranking, trigram, fallback, headlines)", service),
        _row("bare `SELECT ... @@ websearch_to_tsquery ORDER BY ts_rank LIMIT 10`", bare),
        *(
            [_row(f"`kb_search()` before (`{args.before}`)", results["kb_search before"])]  # type: ignore[arg-type]
            if args.before
            else []
        ),
        "",
        f"Ratio at p50: {service['p50_ms'] / max(bare['p50_ms'], 0.001):.1f}x the bare query;"
        f" at p99: {service['p99_ms'] / max(bare['p99_ms'], 0.001):.1f}x.",
        "",
        "p50 per language (service / bare), ms:",
        "",
        "| language | kb_search | bare |",
        "|---|---:|---:|",
        *(
            f"| {lang} | {service['per_language_p50_ms'][lang]} | {bare['per_language_p50_ms'][lang]} |"
            for lang in LANGUAGES
        ),
    ]
    if "insert_seconds" in data:
        lines += [
            "",
            f"Data load: COPY {data['insert_seconds']} s; search vectors {data['reindex_seconds']} s "
            f"({data['reindex_rows_per_second']:,} rows/s; ja, zh-hans and th through"
            " `translations_reindex`).",
        ]
    for name, plan in plans.items():
        lines += ["", f"### Plan: {name}", "", "```", plan, "```"]
    (RESULTS / "kb_search.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
