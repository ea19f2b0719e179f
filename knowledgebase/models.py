"""Categories, articles and their translations, versions, attachments, feedback, flags and the
help center's search and visit log.

An article is language-neutral (slug, category, tags, regions); what a reader sees is one of its
translations, each with its own status and version history.
"""

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledgebase.querysets import ArticleQuerySet, TranslationQuerySet


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    icon = models.CharField(_("icon"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # {"en": "Account security", "es": "...", ...}; a missing language falls back to the default one.
    names = models.JSONField(_("names"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name_in(settings.LANGUAGE_CODE)

    def name_in(self, language: str) -> str:
        return str(self.names.get(language) or self.names.get(settings.LANGUAGE_CODE) or self.slug)

    def description_in(self, language: str) -> str:
        return str(self.descriptions.get(language) or self.descriptions.get(settings.LANGUAGE_CODE) or "")


class KbTag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    tags = models.ManyToManyField(KbTag, blank=True, related_name="articles", verbose_name=_("tags"))
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("related articles")
    )
    # Comma-separated ISO country codes, upper case: "US,CA". Empty `regions` means everywhere.
    regions = models.CharField(
        _("only in regions"), max_length=200, blank=True, help_text=_("Shown only in these countries.")
    )
    hidden_in = models.CharField(
        _("hidden in regions"), max_length=200, blank=True, help_text=_("Never shown in these countries.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "slug"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The articles with a region rule, usually few: each search reads them to drop the ones the
            # reader may not see (knowledgebase.search), here rather than by reading every article.
            models.Index(
                fields=["id"],
                name="kb_article_region_rules",
                condition=~models.Q(regions="") | ~models.Q(hidden_in=""),
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def region_list(self) -> list[str]:
        return [r for r in self.regions.split(",") if r]

    @property
    def hidden_list(self) -> list[str]:
        return [r for r in self.hidden_in.split(",") if r]

    def visible_in(self, region: str | None) -> bool:
        """The region rule (docs/knowledgebase.md): unknown regions see only unrestricted articles."""
        if self.regions and (not region or region not in self.region_list):
            return False
        return not (region and region in self.hidden_list)


class ArticleTranslation(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="translations", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("body (Markdown)"))
    # The article's tags in this language, with the words its readers search for (comma-separated);
    # indexed with the summary. The article's own tags stay the one list for related articles.
    keywords = models.CharField(_("search keywords"), max_length=500, blank=True)
    # Derived on every save by the service: sanitised HTML to show, plain text to search and quote.
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # Weighted title A, summary, keywords and tags B, body C; written by the service (see
    # docs/knowledgebase.md).
    search_vector = SearchVectorField(null=True, editable=False)
    # Title A and summary/tags B only: partial (OR) matches are looked up here, where vectors are small.
    search_head = SearchVectorField(null=True, editable=False)
    helpful_yes = models.PositiveIntegerField(_("helpful"), default=0)
    helpful_no = models.PositiveIntegerField(_("not helpful"), default=0)
    views = models.PositiveIntegerField(_("views"), default=0)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="kb_translation_unique_language"),
        ]
        indexes = [models.Index(fields=["language", "status"], name="kb_translation_lang_status")]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def helpful_ratio(self) -> float | None:
        total = self.helpful_yes + self.helpful_no
        return None if total == 0 else self.helpful_yes / total


class ArticleVersion(models.Model):
    """One saved state of a translation. Never changed once written; restoring writes a new one."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="versions", verbose_name=_("translation")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved"))

    class Meta:
        ordering = ["translation_id", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="kb_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("article versions cannot be changed once written")
        super().save(*args, **kwargs)


class ArticleAttachment(models.Model):
    """An image or file an editor uploaded for an article; Markdown refers to it by its URL."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to="kb/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ArticleFeedback(models.Model):
    """A "was this helpful?" vote: one per visitor and translation (a second vote changes the first)."""

    translation = models.ForeignKey(ArticleTranslation, on_delete=models.CASCADE, related_name="feedback")
    visitor = models.CharField(max_length=64)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["translation", "visitor"], name="kb_feedback_once_per_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.translation_id}: {'yes' if self.helpful else 'no'}"


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ArticleFlag(models.Model):
    """An agent's report that an article is outdated or wrong, until an editor resolves it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="flags")
    language = models.CharField(_("language"), max_length=16, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN, db_index=True
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("flagged"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outdated flag")
        verbose_name_plural = _("outdated flags")

    def __str__(self) -> str:
        return f"{self.article.slug}: {self.reason[:60]}"


class SearchSource(models.TextChoices):
    HELP_CENTER = "help", _("Help center")
    API = "api", _("API")
    AGENT = "agent", _("Agent")


class VisitorSession(models.Model):
    """A help-center visit: ends after KB_SESSION_IDLE_MINUTES without a request from its visitor.

    A visit that searched or read an article and never opened the contact form or the chat is a
    deflection (docs/knowledgebase.md).
    """

    visitor = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=16)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    articles_read = models.PositiveIntegerField(default=0)
    contacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("help center visit")
        verbose_name_plural = _("help center visits")

    def __str__(self) -> str:
        return f"{self.visitor[:8]} {self.started_at:%Y-%m-%d %H:%M}"


class SearchLog(models.Model):
    query = models.CharField(max_length=200)
    language = models.CharField(max_length=16)
    region = models.CharField(max_length=8, blank=True)
    source = models.CharField(max_length=8, choices=SearchSource.choices, default=SearchSource.HELP_CENTER)
    result_count = models.PositiveIntegerField()
    clicked_article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        VisitorSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="search_logs"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("search")
        verbose_name_plural = _("searches")

    def __str__(self) -> str:
        return f"{self.query} [{self.language}] {self.result_count}"
