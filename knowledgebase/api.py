"""/api/kb/: published articles per language (with the default-language fallback), search, and
the editor endpoints. Reading is public; writing needs a token or a session."""

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import JSON_PARSERS, CursorPagination, ErrorSerializer
from helpdesk.errors import DomainError
from knowledgebase.access import acting_user, require_editor
from knowledgebase.models import Article, ArticleTranslation, Category, SearchSource
from knowledgebase.reading import article_url, pick
from knowledgebase.search import kb_search
from knowledgebase.serializers import (
    ArticleDetailSerializer,
    ArticleListQuerySerializer,
    ArticleRefSerializer,
    ArticleSummarySerializer,
    ArticleUpdateSerializer,
    ArticleWriteSerializer,
    FlagSerializer,
    FlagWriteSerializer,
    ReaderQuerySerializer,
    SearchQuerySerializer,
    SearchResponseSerializer,
    TranslationSerializer,
    TranslationWriteSerializer,
    summary_data,
)
from knowledgebase.services import (
    article_create,
    article_update,
    flag_create,
    search_log_record,
    translation_archive,
    translation_publish,
    translation_save,
    translation_submit,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; nothing was written."),
    401: OpenApiResponse(ErrorSerializer, description="No valid token or session."),
    403: OpenApiResponse(ErrorSerializer, description="Only knowledge base editors may do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such article, or not visible in the region."),
}
SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Article slug.")
LANGUAGE = OpenApiParameter("language", OpenApiTypes.STR, OpenApiParameter.PATH, description="Language code.")
TRANSITIONS = {"submit": translation_submit, "publish": translation_publish, "archive": translation_archive}


class _ReadPublicWriteSignedIn(APIView):
    parser_classes = JSON_PARSERS

    def get_permissions(self) -> list[Any]:
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]


def _readable_articles(language: str, region: str | None) -> Any:
    languages = {language, settings.LANGUAGE_CODE}
    published = ArticleTranslation.objects.published().filter(language__in=languages)
    return (
        Article.objects.visible_in(region)
        .filter(Exists(published.filter(article=OuterRef("pk"))))
        .select_related("category")
        .prefetch_related("tags", Prefetch("translations", queryset=published, to_attr="readable"))
    )


def _article(slug: str) -> Article:
    article = Article.objects.select_related("category").filter(slug=slug).first()
    if article is None:
        raise Http404(gettext("No such article"))
    return article


def _slugs_to_articles(slugs: list[str]) -> list[Article]:
    found = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise DomainError(gettext("no such related articles: %(slugs)s") % {"slugs": ", ".join(missing)})
    return [found[s] for s in slugs]


def _category(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise DomainError(gettext("no such category: %(slug)s") % {"slug": slug})
    return category


class ArticleListView(_ReadPublicWriteSignedIn):
    # Read by drf-spectacular, which then documents the list as the paginated object it is.
    pagination_class = CursorPagination

    @extend_schema(
        summary="List published articles",
        description=(
            "Articles readable in `language` and `region`: each in `language`, or in the default language "
            "with `fallback: true` when it has no translation yet. Anonymous access."
        ),
        parameters=[ArticleListQuerySerializer],
        responses={200: ArticleSummarySerializer(many=True), 400: ERRORS[400]},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = ArticleListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        language = query.validated_data["language"]
        region = (query.validated_data.get("region") or "").upper() or None
        qs = _readable_articles(language, region)
        if query.validated_data.get("category"):
            qs = qs.filter(category__slug=query.validated_data["category"])
        paginator = self.pagination_class()
        page: list[Any] = paginator.paginate_queryset(qs, request, view=self) or []
        data = []
        for article in page:
            shown = pick(article.readable, language)[article.pk]
            data.append(summary_data(shown, request, [t.name for t in article.tags.all()]))
        return paginator.get_paginated_response(ArticleSummarySerializer(data, many=True).data)

    @extend_schema(
        summary="Create an article",
        description="Any agent may start an article; its translations start as drafts.",
        request=ArticleWriteSerializer,
        responses={201: ArticleRefSerializer, 400: ERRORS[400], 401: ERRORS[401], 403: ERRORS[403]},
    )
    def post(self, request: Request) -> Response:
        body = ArticleWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        article = article_create(
            slug=data["slug"],
            category=_category(data["category"]),
            actor=acting_user(request.user),
            tags=data.get("tags", []),
            regions=data.get("regions", []),
            hidden_in=data.get("hidden_in", []),
            related=_slugs_to_articles(data.get("related", [])),
        )
        return Response(
            {"slug": article.slug, "category": article.category.slug}, status=status.HTTP_201_CREATED
        )


class ArticleDetailView(_ReadPublicWriteSignedIn):
    @extend_schema(
        summary="Show a published article",
        parameters=[SLUG, ReaderQuerySerializer],
        responses={200: ArticleDetailSerializer, 400: ERRORS[400], 404: ERRORS[404]},
        auth=[],
    )
    def get(self, request: Request, slug: str) -> Response:
        query = ReaderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        language = query.validated_data["language"]
        region = (query.validated_data.get("region") or "").upper() or None
        article = _readable_articles(language, region).filter(slug=slug).first()
        if article is None:
            raise Http404(gettext("No such article"))
        shown = pick(article.readable, language)[article.pk]
        t = shown.translation
        languages = list(article.translations.published().values_list("language", flat=True))
        data = {
            **summary_data(shown, request, [tag.name for tag in article.tags.all()]),
            "body_html": t.body_html,
            "body": t.body,
            "languages": languages,
            "helpful_yes": t.helpful_yes,
            "helpful_no": t.helpful_no,
        }
        return Response(ArticleDetailSerializer(data).data)

    @extend_schema(
        summary="Change an article's category, tags, regions or related articles",
        description="Editors only. Send only what changes.",
        parameters=[SLUG],
        request=ArticleUpdateSerializer,
        responses={200: ArticleRefSerializer, **ERRORS},
    )
    def patch(self, request: Request, slug: str) -> Response:
        # The role before the article or the body: a non-editor gets 403 whatever they send.
        actor = acting_user(request.user)
        require_editor(actor)
        article = _article(slug)
        body = ArticleUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        changes: dict[str, Any] = {k: data[k] for k in ("tags", "regions", "hidden_in") if k in data}
        if "category" in data:
            changes["category"] = _category(data["category"])
        if "related" in data:
            changes["related"] = _slugs_to_articles(data["related"])
        article = article_update(article=article, actor=actor, **changes)
        return Response({"slug": article.slug, "category": article.category.slug})


class TranslationView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Write a translation",
        description=(
            "Creates the translation as a draft, or saves a new version of it. Agents may change drafts "
            "and translations in review; published ones only editors."
        ),
        parameters=[SLUG, LANGUAGE],
        request=TranslationWriteSerializer,
        responses={200: TranslationSerializer, **ERRORS},
    )
    def put(self, request: Request, slug: str, language: str) -> Response:
        article = _article(slug)
        body = TranslationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        translation = translation_save(
            article=article, language=language, actor=acting_user(request.user), **body.validated_data
        )
        return Response(TranslationSerializer(translation).data)


class TranslationTransitionView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Submit a translation for review, publish or archive it",
        description="`submit` is open to every agent; `publish` and `archive` to editors.",
        parameters=[
            SLUG,
            LANGUAGE,
            OpenApiParameter(
                "transition",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(TRANSITIONS),
                description="The step.",
            ),
        ],
        request=None,
        responses={
            200: TranslationSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    def post(self, request: Request, slug: str, language: str, transition: str) -> Response:
        translation = ArticleTranslation.objects.filter(article__slug=slug, language=language).first()
        if translation is None or transition not in TRANSITIONS:
            raise Http404(gettext("No such translation"))
        translation = TRANSITIONS[transition](translation=translation, actor=acting_user(request.user))
        return Response(TranslationSerializer(translation).data)


class FlagCreateView(APIView):
    parser_classes = JSON_PARSERS

    @extend_schema(
        summary="Flag an article as outdated",
        parameters=[SLUG],
        request=FlagWriteSerializer,
        responses={201: FlagSerializer, 400: ERRORS[400], 401: ERRORS[401], 404: ERRORS[404]},
    )
    def post(self, request: Request, slug: str) -> Response:
        article = _article(slug)
        body = FlagWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        flag = flag_create(article=article, actor=acting_user(request.user), **body.validated_data)
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)


class SearchView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Search published articles",
        description=(
            "Full-text search in the language (PostgreSQL text search configuration per language, trigram "
            "typo tolerance); articles not yet translated are searched in the default language and marked "
            "`fallback`. Anonymous access."
        ),
        parameters=[SearchQuerySerializer],
        responses={200: SearchResponseSerializer, 400: ERRORS[400]},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        language = data["language"]
        results = kb_search(
            query=data["q"], language=language, region=data.get("region"), limit=data["limit"]
        )
        if results.query:
            search_log_record(
                query=results.query,
                language=language,
                region=results.region,
                result_count=len(results.exact),
                source=SearchSource.API,
            )
        body = {
            "query": results.query,
            "language": language,
            "region": results.region,
            "engine": results.engine,
            "results": [
                {
                    "slug": h.slug,
                    "language": h.language,
                    "fallback": h.fallback,
                    "typo": h.typo,
                    "title": h.title,
                    "summary": h.summary,
                    "title_html": str(h.title_html),
                    "excerpt_html": str(h.excerpt_html),
                    "score": round(h.score, 4),
                    "url": request.build_absolute_uri(article_url(language, h.slug)),
                }
                for h in results.hits
            ],
        }
        return Response(SearchResponseSerializer(body).data)
