from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework import serializers

from helpdesk.api import LanguageField, StrictFieldsMixin
from knowledgebase.languages import language_codes


def _language(value: str) -> str:
    if value not in language_codes():
        raise serializers.ValidationError(
            gettext("Use one of %(codes)s.") % {"codes": ", ".join(language_codes())}
        )
    return value


class ReaderQuerySerializer(serializers.Serializer):
    language = LanguageField(required=False, default=settings.LANGUAGE_CODE)
    region = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, help_text="ISO country code.")

    def validate_language(self, value: str) -> str:
        return _language(value)


class ArticleListQuerySerializer(ReaderQuerySerializer):
    category = serializers.SlugField(required=False, max_length=80)


class SearchQuerySerializer(ReaderQuerySerializer):
    q = serializers.CharField(
        max_length=200, help_text="Words or a question; websearch syntax on PostgreSQL."
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)


class ArticleRefSerializer(serializers.Serializer):
    """What creating or changing an article answers: it may have no published translation to show."""

    slug = serializers.CharField()
    category = serializers.CharField(help_text="Category slug.")


class ArticleSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    category = serializers.CharField(help_text="Category slug.")
    language = serializers.CharField(help_text="The language of the text returned.")
    fallback = serializers.BooleanField(help_text="True when the asked language has no translation yet.")
    title = serializers.CharField()
    summary = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    hidden_in = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(help_text="The help-center page.")
    updated_at = serializers.DateTimeField()


class ArticleDetailSerializer(ArticleSummarySerializer):
    body_html = serializers.CharField(help_text="Sanitised HTML rendered from the Markdown body.")
    body = serializers.CharField(help_text="The Markdown source.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Published translations.")
    helpful_yes = serializers.IntegerField()
    helpful_no = serializers.IntegerField()


class SearchHitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    language = serializers.CharField()
    fallback = serializers.BooleanField()
    typo = serializers.BooleanField(help_text="Matched only by title similarity (a likely typo).")
    title = serializers.CharField()
    summary = serializers.CharField()
    title_html = serializers.CharField(help_text="Escaped title with <mark> around matches.")
    excerpt_html = serializers.CharField(help_text="Escaped excerpt with <mark> around matches.")
    score = serializers.FloatField()
    url = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    language = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    engine = serializers.CharField(help_text="postgresql or fallback.")
    results = SearchHitSerializer(many=True)


class ArticleWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    slug = serializers.SlugField(max_length=120)
    category = serializers.SlugField(max_length=80, help_text="Category slug.")
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=20)
    regions = serializers.ListField(child=serializers.CharField(max_length=2), required=False, max_length=60)
    hidden_in = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, max_length=60
    )
    related = serializers.ListField(
        child=serializers.SlugField(max_length=120), required=False, max_length=20
    )


class ArticleUpdateSerializer(ArticleWriteSerializer):
    slug = serializers.SlugField(max_length=120, required=False, read_only=True)
    category = serializers.SlugField(max_length=80, required=False)


class TranslationWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=250)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=200_000, help_text="Markdown.")


class TranslationSerializer(serializers.Serializer):
    article = serializers.CharField(source="article.slug")
    language = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.CharField(help_text="draft, review, published or archived.")
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)


class FlagWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    language = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.CharField(source="article.slug")
    language = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


def as_list(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def summary_data(shown: Any, request: Any, tags: list[str]) -> dict[str, Any]:
    t = shown.translation
    return {
        "slug": t.article.slug,
        "category": t.article.category.slug,
        "language": t.language,
        "fallback": shown.fallback,
        "title": t.title,
        "summary": t.summary,
        "tags": tags,
        "regions": as_list(t.article.regions),
        "hidden_in": as_list(t.article.hidden_in),
        "url": request.build_absolute_uri(shown.url),
        "updated_at": t.updated_at,
    }
