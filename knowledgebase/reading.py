"""What a reader sees: the translation to show (with the default-language fallback), the reader's
region and visitor id, and the lists behind the help center's pages. Reads only."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse

from knowledgebase.languages import language_codes, native_name, normalise_language
from knowledgebase.models import Article, ArticleTranslation, Category
from knowledgebase.querysets import TranslationQuerySet
from knowledgebase.search import clean_region

VISITOR_COOKIE = "kb_visitor"
REGION_COOKIE = "kb_region"


@dataclass(frozen=True)
class Shown:
    """A translation as shown in `language`; `fallback` when it is the default language's instead."""

    translation: ArticleTranslation
    language: str

    @property
    def fallback(self) -> bool:
        return self.translation.language != self.language

    @property
    def article(self) -> Article:
        return self.translation.article

    @property
    def url(self) -> str:
        return article_url(self.language, self.translation.article.slug)


def article_url(language: str, slug: str) -> str:
    return reverse("help:article", kwargs={"language": language, "slug": slug})


def help_language(value: str) -> str:
    """The URL's language, or 404: /help/xx/ exists only for the helpdesk's languages."""
    if value not in language_codes():
        raise Http404("No help center in this language")
    return value


def preferred_language(request: HttpRequest) -> str:
    """The first supported language in Accept-Language, else the default one."""
    header = request.headers.get("Accept-Language", "")
    weighted = []
    for position, part in enumerate(header.split(",")):
        code, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, code))
    for _q, _p, code in sorted(weighted):
        language = normalise_language(code)
        if language:
            return language
    return str(settings.LANGUAGE_CODE)


def reader_region(request: HttpRequest) -> str | None:
    """?region=XX, then the kb_region cookie, then the CDN's country header (KB_REGION_HEADER)."""
    for value in (
        request.GET.get("region"),
        request.COOKIES.get(REGION_COOKIE),
        request.headers.get(settings.KB_REGION_HEADER),
    ):
        region = clean_region(value)
        if region:
            return region
    return None


def visitor_id(request: HttpRequest) -> str:
    """The visitor's anonymous id from its cookie, or a new one (the view sets the cookie)."""
    value = request.COOKIES.get(VISITOR_COOKIE, "")
    if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
        return value
    if not hasattr(request, "_kb_new_visitor"):
        request._kb_new_visitor = secrets.token_urlsafe(18)  # type: ignore[attr-defined]
    return str(request._kb_new_visitor)  # type: ignore[attr-defined]


def pick(translations: Iterable[ArticleTranslation], language: str) -> dict[int, Shown]:
    """Per article, its translation in `language`, else in the default language."""
    default = settings.LANGUAGE_CODE
    chosen: dict[int, ArticleTranslation] = {}
    for t in translations:
        current = chosen.get(t.article_id)
        better = current is None or (
            current.language != language and (t.language == language or t.language == default)
        )
        if better:
            chosen[t.article_id] = t
    return {aid: Shown(translation=t, language=language) for aid, t in chosen.items()}


def readable(language: str, region: str | None) -> TranslationQuerySet:
    """Published translations a reader in `region` may see, in `language` or the default one."""
    return (
        ArticleTranslation.objects.published()
        .visible_in(region)
        .filter(language__in={language, settings.LANGUAGE_CODE})
        .select_related("article")
        .defer("body", "body_html", "body_text", "search_vector")
        .order_by("article__position", "article__slug", "language")
    )


@dataclass(frozen=True)
class CategoryListing:
    category: Category
    name: str
    description: str
    articles: list[Shown]


def category_listings(
    language: str, region: str | None, category: Category | None = None
) -> list[CategoryListing]:
    qs = readable(language, region)
    if category is not None:
        qs = qs.filter(article__category=category)
        categories = [category]
    else:
        categories = list(Category.objects.all())
    by_category: dict[int, list[Shown]] = {}
    for shown in pick(qs, language).values():
        by_category.setdefault(shown.article.category_id, []).append(shown)
    listings = []
    for c in categories:
        items = by_category.get(c.pk, [])
        if items or category is not None:
            listings.append(
                CategoryListing(
                    category=c,
                    name=c.name_in(language),
                    description=c.description_in(language),
                    articles=items,
                )
            )
    return listings


def content_languages() -> list[str]:
    """Languages with at least one published translation, in settings order."""
    present = set(ArticleTranslation.objects.published().values_list("language", flat=True).distinct())
    return [code for code in language_codes() if code in present]


def switcher(url_for: dict[str, str]) -> list[tuple[str, str, str]]:
    """(code, name in that language, url) for the language menu, every helpdesk language."""
    return [(code, native_name(code), url_for[code]) for code in language_codes() if code in url_for]
