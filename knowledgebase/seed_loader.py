"""Loads the seed articles (knowledgebase/seed/: categories.json and one folder per article with a
Markdown file per language) through the services, so each change is a version and audited.

Each file starts with `key: value` lines ending at a `---` line: `title` and `summary` in every
language; `category`, `tags`, `related`, `regions` and `hidden_in` in the default language's file, as
the article's; `tags` in another language's file are their translation (the words its readers search
for), kept as that translation's keywords and indexed with its summary.

Running it again changes nothing; a file whose text changed becomes a new version of its
translation. Every translation it loads is published.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from helpdesk.errors import DomainError
from knowledgebase.languages import language_codes
from knowledgebase.models import Article, ArticleStatus, ArticleTranslation, Category
from knowledgebase.services import (
    article_create,
    article_update,
    category_upsert,
    clean_regions,
    translation_keywords_set,
    translation_publish,
    translation_save,
)

DEFAULT_SEED_DIR = Path(__file__).resolve().parent / "seed"


class SeedError(Exception):
    """A seed file the loader cannot use; the message names the file."""


@dataclass
class SeedFile:
    language: str
    meta: dict[str, str]
    body: str


@dataclass
class SeedArticle:
    slug: str
    files: dict[str, SeedFile]

    @property
    def en(self) -> SeedFile:
        return self.files[settings.LANGUAGE_CODE]

    def meta_list(self, key: str) -> list[str]:
        return [v.strip() for v in self.en.meta.get(key, "").split(",") if v.strip()]


@dataclass
class SeedReport:
    categories_created: int = 0
    articles_created: int = 0
    translations_created: int = 0
    translations_changed: int = 0
    translations_published: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.categories_created,
                self.articles_created,
                self.translations_created,
                self.translations_changed,
                self.translations_published,
            )
        )


def parse_seed_file(path: Path) -> SeedFile:
    """Front matter (`key: value` lines up to a `---` line), then the Markdown body."""
    text = path.read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise SeedError(f"{path}: no '---' line ends the front matter")
    meta: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise SeedError(f"{path}:{number}: expected 'key: value', got {line!r}")
        meta[key.strip().lower()] = value.strip()
    if not meta.get("title"):
        raise SeedError(f"{path}: the front matter has no title")
    return SeedFile(language=path.stem.lower(), meta=meta, body=body.strip() + "\n")


def read_seed(
    seed_dir: Path, problems: list[str] | None = None
) -> tuple[list[dict[str, Any]], list[SeedArticle]]:
    """The categories and the articles; a folder without the default language's file is skipped
    (and named in `problems`): it is an article still being written."""
    categories_file = seed_dir / "categories.json"
    if not categories_file.exists():
        raise SeedError(f"{categories_file} does not exist")
    try:
        categories = json.loads(categories_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SeedError(f"{categories_file}: {exc}") from None
    if not isinstance(categories, list):
        raise SeedError(f"{categories_file}: expected a JSON list")
    known = set(language_codes())
    articles = []
    articles_dir = seed_dir / "articles"
    for folder in sorted(p for p in articles_dir.iterdir() if p.is_dir()) if articles_dir.exists() else []:
        files = {}
        for path in sorted(folder.glob("*.md")):
            seed_file = parse_seed_file(path)
            if seed_file.language not in known:
                raise SeedError(f"{path}: {seed_file.language!r} is not one of the helpdesk's languages")
            files[seed_file.language] = seed_file
        if settings.LANGUAGE_CODE not in files:
            if problems is not None:
                problems.append(f"{folder.name}: skipped, no {settings.LANGUAGE_CODE}.md")
            continue
        articles.append(SeedArticle(slug=folder.name, files=files))
    return categories, articles


def kb_seed_load(
    *, seed_dir: Path = DEFAULT_SEED_DIR, progress: Callable[[int, int, str], None] | None = None
) -> SeedReport:
    """Load (or bring up to date) every seed category, article and translation, and publish them."""
    report = SeedReport()
    categories, articles = read_seed(seed_dir, report.problems)
    say = progress or (lambda _done, _total, _slug: None)
    for position, spec in enumerate(categories):
        try:
            _category, created = category_upsert(
                slug=spec["slug"],
                names=spec.get("names") or {},
                descriptions=spec.get("descriptions") or {},
                icon=spec.get("icon", ""),
                position=position,
            )
        except (KeyError, DomainError) as exc:
            raise SeedError(f"categories.json entry {position}: {exc}") from None
        report.categories_created += created
    by_slug = {c.slug: c for c in Category.objects.all()}
    for number, seed in enumerate(articles, start=1):
        say(number, len(articles), seed.slug)
        try:
            _load_article(seed, by_slug, position=number, report=report)
        except DomainError as exc:
            raise SeedError(f"{seed.slug}: {exc.message}") from None
    # Related links last: an article may point at one that sorts after it.
    existing = {a.slug: a for a in Article.objects.all()}
    for seed in articles:
        wanted = seed.meta_list("related")
        missing = [s for s in wanted if s not in existing]
        if missing:
            report.problems.append(f"{seed.slug}: related articles not found: {', '.join(missing)}")
        article = existing[seed.slug]
        related = [existing[s] for s in wanted if s in existing]
        if sorted(a.slug for a in article.related.all()) != sorted(a.slug for a in related):
            article_update(article=article, actor=None, related=related)
    return report


def _load_article(
    seed: SeedArticle, categories: dict[str, Category], *, position: int, report: SeedReport
) -> None:
    meta = seed.en.meta
    category = categories.get(meta.get("category", ""))
    if category is None:
        raise SeedError(f"{seed.slug}/en.md: unknown category {meta.get('category')!r}")
    with transaction.atomic():
        article = Article.objects.filter(slug=seed.slug).first()
        shared: dict[str, Any] = {
            "category": category,
            "tags": seed.meta_list("tags"),
            "regions": meta.get("regions", ""),
            "hidden_in": meta.get("hidden_in", ""),
            "position": position,
        }
        if article is None:
            article = article_create(slug=seed.slug, actor=None, **shared)
            report.articles_created += 1
        elif (
            article.category_id != category.pk
            or article.regions != clean_regions(shared["regions"])
            or article.hidden_in != clean_regions(shared["hidden_in"])
            or article.position != position
            or sorted(t.name for t in article.tags.all()) != sorted(_slugs(shared["tags"]))
        ):
            article_update(article=article, actor=None, **shared)
        for language, seed_file in seed.files.items():
            summary = seed_file.meta.get("summary") or (meta.get("summary", "") if language == "en" else "")
            before = ArticleTranslation.objects.filter(article=article, language=language).first()
            translation = translation_save(
                article=article,
                language=language,
                title=seed_file.meta["title"],
                summary=summary,
                body=seed_file.body,
                actor=None,
                note="seed",
            )
            # The default language's tags are the article's; another language's `tags:` line is
            # their translation, the words its readers search for, kept on its translation.
            if language != settings.LANGUAGE_CODE:
                translation = translation_keywords_set(
                    translation=translation, keywords=seed_file.meta.get("tags", ""), actor=None
                )
            if before is None:
                report.translations_created += 1
            elif before.version != translation.version:
                report.translations_changed += 1
            if translation.status != ArticleStatus.PUBLISHED:
                translation_publish(translation=translation, actor=None)
                report.translations_published += 1


def _slugs(names: list[str]) -> list[str]:
    from django.utils.text import slugify

    return sorted({slugify(n)[:50] for n in names if n.strip()})
