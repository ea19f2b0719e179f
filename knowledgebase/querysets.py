"""Reads over articles and translations as chainable QuerySet methods."""

import re
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from knowledgebase.models import Article, ArticleTranslation  # noqa: F401

REGION_CODE = re.compile(r"^[A-Z]{2}$")


def region_q(region: str | None, prefix: str = "") -> Q:
    """Articles a reader in `region` may see: unrestricted ones, or restricted to it, and not hidden in it.

    A reader whose region is unknown sees only articles without a region restriction.
    """
    if not region or not REGION_CODE.match(region):
        return Q(**{f"{prefix}regions": ""})
    pattern = rf"(^|,){region}(,|$)"
    return (Q(**{f"{prefix}regions": ""}) | Q(**{f"{prefix}regions__regex": pattern})) & ~Q(
        **{f"{prefix}hidden_in__regex": pattern}
    )


class ArticleQuerySet(models.QuerySet["Article"]):
    def visible_in(self, region: str | None) -> "ArticleQuerySet":
        return self.filter(region_q(region))


class TranslationQuerySet(models.QuerySet["ArticleTranslation"]):
    def published(self) -> "TranslationQuerySet":
        from knowledgebase.models import ArticleStatus

        return self.filter(status=ArticleStatus.PUBLISHED)

    def visible_in(self, region: str | None) -> "TranslationQuerySet":
        return self.filter(region_q(region, "article__"))

    def in_language(self, language: str) -> "TranslationQuerySet":
        return self.filter(language=language)
