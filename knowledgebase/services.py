"""Every write to the knowledge base. The admin, the API, the pages, the seed loader and the
benchmark all call these."""

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from audit.services import audit_record
from customers.services import customer_upsert
from helpdesk.errors import DomainError
from helpdesk.tags import named_rows
from intake.pipeline import ticket_open
from knowledgebase.access import require_drafter, require_editor
from knowledgebase.languages import analyse, language_codes, ts_config
from knowledgebase.markdown import html_to_text, render_markdown
from knowledgebase.models import (
    Article,
    ArticleAttachment,
    ArticleFeedback,
    ArticleFlag,
    ArticleStatus,
    ArticleTranslation,
    ArticleVersion,
    Category,
    FlagStatus,
    KbTag,
    SearchLog,
    SearchSource,
    VisitorSession,
)
from knowledgebase.querysets import REGION_CODE
from tickets.attachments import IncomingFile, check_attachments
from tickets.models import Channel, Ticket

MAX_TITLE = 250
MAX_SUMMARY = 500
MAX_KEYWORDS = 500
MAX_BODY = 200_000
MAX_TAGS = 20
MAX_COMMENT = 2000
MAX_REASON = 2000
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Which state a translation may move to from which, and whether only an editor may move it.
TRANSITIONS: dict[str, dict[str, bool]] = {
    ArticleStatus.DRAFT: {
        ArticleStatus.REVIEW: False,
        ArticleStatus.PUBLISHED: True,
        ArticleStatus.ARCHIVED: True,
    },
    ArticleStatus.REVIEW: {
        ArticleStatus.DRAFT: False,
        ArticleStatus.PUBLISHED: True,
        ArticleStatus.ARCHIVED: True,
    },
    ArticleStatus.PUBLISHED: {ArticleStatus.ARCHIVED: True, ArticleStatus.DRAFT: True},
    ArticleStatus.ARCHIVED: {ArticleStatus.DRAFT: True, ArticleStatus.PUBLISHED: True},
}
# States only an editor moves a translation into, from anywhere. Checked before the row is read, so
# the answer to a non-editor never depends on (nor reveals) the translation's current state.
EDITOR_STATES = frozenset(
    target
    for target in ArticleStatus.values
    if all(moves[target] for moves in TRANSITIONS.values() if target in moves)
)


# --- Validation -----------------------------------------------------------------------------------


def _check_language(language: str) -> str:
    if language not in language_codes():
        raise DomainError(
            gettext("unknown language %(language)s; use one of %(codes)s")
            % {"language": repr(language), "codes": ", ".join(language_codes())}
        )
    return language


def _check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not SLUG.match(slug) or len(slug) > 120:
        raise DomainError(gettext("a slug is lower-case letters, digits and hyphens, at most 120 characters"))
    return slug


def clean_regions(value: str | Iterable[str] | None) -> str:
    """ "us, ca" or ["US", "CA"] -> "CA,US"; refuses anything that is not a two-letter country code."""
    if value is None:
        return ""
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = sorted({str(item).strip().upper() for item in items if str(item).strip()})
    bad = [c for c in codes if not REGION_CODE.match(c)]
    if bad:
        raise DomainError(
            gettext("regions are two-letter ISO country codes; not %(codes)s") % {"codes": ", ".join(bad)}
        )
    return ",".join(codes)


def _clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise DomainError(gettext("the %(field)s is empty") % {"field": field})
    if len(value) > limit:
        raise DomainError(
            gettext("the %(field)s is longer than %(limit)d characters") % {"field": field, "limit": limit}
        )
    return value


def _site_hosts() -> set[str]:
    hosts = {h for h in settings.ALLOWED_HOSTS if h and "*" not in h}
    site = urlsplit(settings.HELPDESK_SITE_URL).hostname
    if site:
        hosts.add(site)
    return hosts


# --- Categories and articles ----------------------------------------------------------------------


def category_upsert(
    *,
    slug: str,
    names: dict[str, str],
    descriptions: dict[str, str] | None = None,
    icon: str = "",
    position: int = 0,
    actor: User | None = None,
) -> tuple[Category, bool]:
    if actor is not None:
        require_editor(actor)
    slug = _check_slug(slug)
    if not names.get(settings.LANGUAGE_CODE):
        raise DomainError(
            gettext("a category needs a name in %(language)s") % {"language": settings.LANGUAGE_CODE}
        )
    for language in [*names, *(descriptions or {})]:
        _check_language(language)
    fields = {
        "names": dict(names),
        "descriptions": dict(descriptions or {}),
        "icon": icon[:40],
        "position": position,
    }
    with transaction.atomic():
        category = Category.objects.select_for_update().filter(slug=slug).first()
        created = category is None
        if category is None:
            category = Category.objects.create(slug=slug, **fields)
        elif any(getattr(category, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(category, key, value)
            category.save()
        else:
            return category, False
        audit_record(action="kb.category_saved", obj=category, actor=actor, after={"slug": slug, **fields})
    return category, created


def _tags(names: Iterable[str]) -> list[KbTag]:
    slugs = sorted({slugify(n)[:50] for n in names if n and n.strip()} - {""})
    if len(slugs) > MAX_TAGS:
        raise DomainError(gettext("at most %(n)d tags") % {"n": MAX_TAGS})
    return named_rows(KbTag, slugs)


def _article_snapshot(article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "category": article.category.slug,
        "position": article.position,
        "regions": article.regions,
        "hidden_in": article.hidden_in,
        "tags": sorted(t.name for t in article.tags.all()),
        "related": sorted(a.slug for a in article.related.all()),
    }


def article_create(
    *,
    slug: str,
    category: Category,
    actor: User | None,
    tags: Iterable[str] = (),
    regions: str | Iterable[str] | None = "",
    hidden_in: str | Iterable[str] | None = "",
    related: Iterable[Article] = (),
    position: int = 0,
) -> Article:
    """A new article without translations yet; any signed-in agent may start one (as a draft)."""
    if actor is not None:
        require_drafter(actor)
    slug = _check_slug(slug)
    with transaction.atomic():
        if Article.objects.filter(slug=slug).exists():
            raise DomainError(
                gettext("an article with the slug %(slug)s exists already") % {"slug": repr(slug)}
            )
        article = Article.objects.create(
            slug=slug,
            category=category,
            position=position,
            regions=clean_regions(regions),
            hidden_in=clean_regions(hidden_in),
            author=actor,
        )
        article.tags.set(_tags(tags))
        article.related.set([a for a in related if a.pk != article.pk])
        audit_record(action="kb.article_created", obj=article, actor=actor, after=_article_snapshot(article))
    return article


_KEEP: Any = object()


def article_update(
    *,
    article: Article,
    actor: User | None,
    category: Category = _KEEP,
    tags: Iterable[str] = _KEEP,
    regions: str | Iterable[str] | None = _KEEP,
    hidden_in: str | Iterable[str] | None = _KEEP,
    related: Iterable[Article] = _KEEP,
    position: int = _KEEP,
) -> Article:
    """Change what every translation shares. Region and category rules change what readers see, so
    only editors may do it (the seed loader runs as the system, `actor=None`)."""
    if actor is not None:
        require_editor(actor)
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        before = _article_snapshot(article)
        if category is not _KEEP:
            article.category = category
        if regions is not _KEEP:
            article.regions = clean_regions(regions)
        if hidden_in is not _KEEP:
            article.hidden_in = clean_regions(hidden_in)
        if position is not _KEEP:
            article.position = position
        article.save()
        if tags is not _KEEP:
            article.tags.set(_tags(tags))
        if related is not _KEEP:
            article.related.set([a for a in related if a.pk != article.pk])
        after = _article_snapshot(article)
        if before != after:
            audit_record(action="kb.article_updated", obj=article, actor=actor, before=before, after=after)
            if before["tags"] != after["tags"]:
                _after_commit_reindex(list(article.translations.values_list("pk", flat=True)))
    return article


# --- Translations, versions and states ------------------------------------------------------------


def translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    body: str,
    summary: str = "",
    actor: User | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> ArticleTranslation:
    """Create or change one language of an article; every change that alters the text is a new
    version. A new translation starts as a draft; a published one stays published when an editor
    changes it. Agents who are not editors may change only drafts and translations in review."""
    if actor is not None:
        require_drafter(actor)
    language = _check_language(language)
    title = _clean_text(title, field="title", limit=MAX_TITLE, required=True)
    summary = _clean_text(summary, field="summary", limit=MAX_SUMMARY)
    body = _clean_text(body, field="body", limit=MAX_BODY, required=True)
    now = now or timezone.now()
    with transaction.atomic():
        translation = (
            ArticleTranslation.objects.select_for_update().filter(article=article, language=language).first()
        )
        created = translation is None
        # Permission before the "nothing changed" answer: a non-editor saving a published text
        # unchanged is refused like any other edit of it.
        if actor is not None and translation is not None and translation.status in EDITOR_STATES:
            require_editor(actor)
        if translation is None:
            translation = ArticleTranslation(article=article, language=language, status=ArticleStatus.DRAFT)
        elif (translation.title, translation.summary, translation.body) == (title, summary, body):
            return translation
        before = None if created else {"title": translation.title, "version": translation.version}
        translation.title, translation.summary, translation.body = title, summary, body
        translation.body_html = render_markdown(body, site_hosts=_site_hosts())
        translation.body_text = html_to_text(translation.body_html)
        translation.updated_at = now
        translation.updated_by = actor
        translation.version += 1
        translation.save()
        ArticleVersion.objects.create(
            translation=translation,
            number=translation.version,
            title=title,
            summary=summary,
            body=body,
            author=actor,
            note=note[:200],
            created_at=now,
        )
        audit_record(
            action="kb.translation_created" if created else "kb.translation_changed",
            obj=translation,
            actor=actor,
            before=before,
            after={"title": title, "version": translation.version, "language": language},
        )
        translations_reindex(ids=[translation.pk])
    return translation


def translation_keywords_set(
    *, translation: ArticleTranslation, keywords: str | Iterable[str], actor: User | None
) -> ArticleTranslation:
    """The words readers of this language search for (the article's tags, translated), indexed with
    the summary. They are part of the text: the same rule as `translation_save` for who may change
    them; not versioned, since they are never shown."""
    if actor is not None:
        require_drafter(actor)
    items = keywords.split(",") if isinstance(keywords, str) else list(keywords)
    cleaned = ", ".join(dict.fromkeys(" ".join(k.split()) for k in items if k.strip()))
    if len(cleaned) > MAX_KEYWORDS:
        raise DomainError(gettext("the keywords are longer than %(n)d characters") % {"n": MAX_KEYWORDS})
    with transaction.atomic():
        translation = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
        if actor is not None and translation.status in EDITOR_STATES:
            require_editor(actor)
        if translation.keywords == cleaned:
            return translation
        before = {"keywords": translation.keywords}
        translation.keywords = cleaned
        translation.save(update_fields=["keywords"])
        audit_record(
            action="kb.translation_keywords_changed",
            obj=translation,
            actor=actor,
            before=before,
            after={"keywords": cleaned, "language": translation.language},
        )
        translations_reindex(ids=[translation.pk])
    return translation


def translation_transition(
    *, translation: ArticleTranslation, status: str, actor: User | None, now: dt.datetime | None = None
) -> ArticleTranslation:
    """Move a translation between draft, review, published and archived (TRANSITIONS)."""
    if status not in ArticleStatus.values:
        raise DomainError(
            gettext("status must be one of %(values)s") % {"values": ", ".join(ArticleStatus.values)}
        )
    if actor is not None:
        (require_editor if status in EDITOR_STATES else require_drafter)(actor)
    with transaction.atomic():
        translation = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
        current = translation.status
        if current == status:
            return translation
        allowed = TRANSITIONS[current]
        if status not in allowed:
            raise DomainError(
                gettext("a %(current)s translation cannot move to %(status)s")
                % {
                    "current": ArticleStatus(current).label.lower(),
                    "status": ArticleStatus(status).label.lower(),
                },
                code="invalid_transition",
            )
        if actor is not None:
            (require_editor if allowed[status] else require_drafter)(actor)
        translation.status = status
        if status == ArticleStatus.PUBLISHED:
            translation.published_at = now or timezone.now()
        translation.save(update_fields=["status", "published_at"])
        audit_record(
            action=f"kb.translation_{status}",
            obj=translation,
            actor=actor,
            before={"status": current},
            after={"status": status},
        )
    return translation


def translation_submit(*, translation: ArticleTranslation, actor: User | None) -> ArticleTranslation:
    return translation_transition(translation=translation, status=ArticleStatus.REVIEW, actor=actor)


def translation_publish(*, translation: ArticleTranslation, actor: User | None) -> ArticleTranslation:
    return translation_transition(translation=translation, status=ArticleStatus.PUBLISHED, actor=actor)


def translation_archive(*, translation: ArticleTranslation, actor: User | None) -> ArticleTranslation:
    return translation_transition(translation=translation, status=ArticleStatus.ARCHIVED, actor=actor)


def translation_restore(
    *, translation: ArticleTranslation, version: ArticleVersion, actor: User | None
) -> ArticleTranslation:
    """Bring back an earlier text as a new version; history itself is never rewritten."""
    if version.translation_id != translation.pk:
        raise DomainError(gettext("that version belongs to another translation"))
    return translation_save(
        article=translation.article,
        language=translation.language,
        title=version.title,
        summary=version.summary,
        body=version.body,
        actor=actor,
        note=f"restored version {version.number}",
    )


# --- The search index -----------------------------------------------------------------------------

_VECTOR_SQL = """
UPDATE knowledgebase_articletranslation SET
    search_head = setweight(to_tsvector(%(cfg)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(secondary)s), 'B'),
    search_vector = setweight(to_tsvector(%(cfg)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(secondary)s), 'B')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(body)s), 'C')
WHERE id = %(id)s
"""


def translations_reindex(*, ids: Sequence[int]) -> int:
    """Write the weighted tsvectors of these translations (PostgreSQL; nothing to do elsewhere):
    the whole text, and its head (title and summary with keywords and tags) for partial matches.

    Maintained here rather than by a trigger or a generated column because two of its inputs are not
    columns of the row: the article's tags live in another table, and the Markdown is turned into
    plain text (and, in the languages PostgreSQL cannot stem, bigrams or stems) in Python.
    """
    if connection.vendor != "postgresql" or not ids:
        return 0
    rows: list[dict[str, Any]] = []
    translations = ArticleTranslation.objects.filter(pk__in=ids).only(
        "pk", "language", "title", "summary", "keywords", "body_text", "article_id"
    )
    tag_names: dict[int, list[str]] = {}
    for article_id, name in Article.tags.through.objects.filter(
        article_id__in={t.article_id for t in translations}
    ).values_list("article_id", "kbtag__name"):
        tag_names.setdefault(article_id, []).append(name.replace("-", " "))
    for t in translations:
        config = ts_config(t.language)
        # The translation's keywords are the words its readers search for; the article's tags (in
        # English) stay too, for the English words customers mix into every language.
        keywords = t.keywords.replace(",", " ")
        secondary = " ".join([t.summary, keywords, *tag_names.get(t.article_id, [])])
        rows.append(
            {
                "cfg": config,
                "title": analyse(t.title, t.language),
                "secondary": analyse(secondary, t.language),
                "body": analyse(t.body_text, t.language),
                "id": t.pk,
            }
        )
    with connection.cursor() as cursor:
        cursor.executemany(_VECTOR_SQL, rows)
    return len(rows)


def _after_commit_reindex(ids: list[int]) -> None:
    transaction.on_commit(lambda: translations_reindex(ids=ids))


# --- Attachments ----------------------------------------------------------------------------------


def attachment_add(
    *, article: Article, filename: str, content: bytes, actor: User | None
) -> ArticleAttachment:
    """An image or file for an article, under the ticket core's size and type checks."""
    if actor is not None:
        require_editor(actor)
    (checked,) = check_attachments([IncomingFile(filename=filename, content=content)])
    with transaction.atomic():
        attachment = ArticleAttachment(
            article=article,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.filename, checked.as_django_file(), save=False)
        attachment.save()
        audit_record(
            action="kb.attachment_added",
            obj=attachment,
            actor=actor,
            after={"article": article.slug, "filename": checked.filename, "sha256": checked.sha256},
        )
    return attachment


# --- Flags ----------------------------------------------------------------------------------------


def flag_create(*, article: Article, actor: User, reason: str, language: str = "") -> ArticleFlag:
    """An agent reports an article as outdated; editors see it in the report until resolved."""
    require_drafter(actor)
    reason = _clean_text(reason, field="reason", limit=MAX_REASON, required=True)
    if language:
        _check_language(language)
    with transaction.atomic():
        flag = ArticleFlag.objects.create(
            article=article, language=language, reason=reason, flagged_by=actor, created_at=timezone.now()
        )
        audit_record(
            action="kb.article_flagged",
            obj=flag,
            actor=actor,
            after={"article": article.slug, "reason": reason},
        )
    return flag


def flag_resolve(*, flag: ArticleFlag, actor: User, resolution: str = "") -> ArticleFlag:
    require_editor(actor)
    resolution = _clean_text(resolution, field="resolution", limit=MAX_REASON)
    with transaction.atomic():
        flag = ArticleFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.status == FlagStatus.RESOLVED:
            raise DomainError(gettext("this flag is resolved already"))
        flag.status = FlagStatus.RESOLVED
        flag.resolved_by = actor
        flag.resolved_at = timezone.now()
        flag.resolution = resolution
        flag.save()
        audit_record(
            action="kb.flag_resolved",
            obj=flag,
            actor=actor,
            before={"status": FlagStatus.OPEN},
            after={"status": FlagStatus.RESOLVED, "resolution": resolution},
        )
    return flag


# --- Readers: visits, views, votes, searches ------------------------------------------------------


def visit_touch(
    *,
    visitor: str,
    language: str,
    searched: bool = False,
    read: bool = False,
    contacted: bool = False,
    now: dt.datetime | None = None,
) -> VisitorSession:
    """The visitor's current visit, started anew after KB_SESSION_IDLE_MINUTES of silence."""
    now = now or timezone.now()
    idle = dt.timedelta(minutes=settings.KB_SESSION_IDLE_MINUTES)
    with transaction.atomic():
        session = (
            VisitorSession.objects.select_for_update()
            .filter(visitor=visitor, last_seen_at__gte=now - idle)
            .order_by("-id")
            .first()
        )
        if session is None:
            session = VisitorSession(visitor=visitor, language=language, started_at=now)
        session.last_seen_at = now
        session.searches += int(searched)
        session.articles_read += int(read)
        if contacted and session.contacted_at is None:
            session.contacted_at = now
        session.save()
    return session


def translation_viewed(*, translation: ArticleTranslation) -> None:
    ArticleTranslation.objects.filter(pk=translation.pk).update(views=F("views") + 1)


@dataclass(frozen=True)
class Vote:
    feedback: ArticleFeedback
    created: bool


def feedback_record(
    *, translation: ArticleTranslation, visitor: str, helpful: bool, comment: str = ""
) -> Vote:
    """One vote per visitor and translation: voting again changes the vote (and the counts) instead
    of adding one, so a visitor cannot stuff the ratio."""
    if not visitor:
        raise DomainError(gettext("feedback needs a visitor"))
    comment = _clean_text(comment, field="comment", limit=MAX_COMMENT)
    with transaction.atomic():
        ArticleTranslation.objects.select_for_update().filter(pk=translation.pk).first()
        existing = ArticleFeedback.objects.filter(translation=translation, visitor=visitor).first()
        counts: dict[str, Any] = {}
        if existing is None:
            feedback = ArticleFeedback.objects.create(
                translation=translation,
                visitor=visitor,
                helpful=helpful,
                comment=comment,
                created_at=timezone.now(),
            )
            counts["helpful_yes" if helpful else "helpful_no"] = (
                F("helpful_yes" if helpful else "helpful_no") + 1
            )
        else:
            feedback = existing
            if existing.helpful != helpful:
                old, new = (
                    ("helpful_yes", "helpful_no") if existing.helpful else ("helpful_no", "helpful_yes")
                )
                counts = {old: F(old) - 1, new: F(new) + 1}
            feedback.helpful = helpful
            if comment:
                feedback.comment = comment
            feedback.save(update_fields=["helpful", "comment"])
        if counts:
            ArticleTranslation.objects.filter(pk=translation.pk).update(**counts)
    return Vote(feedback=feedback, created=existing is None)


def search_log_record(
    *,
    query: str,
    language: str,
    result_count: int,
    region: str | None = None,
    source: str = SearchSource.HELP_CENTER,
    session: VisitorSession | None = None,
) -> SearchLog:
    return SearchLog.objects.create(
        query=query[:200],
        language=language,
        region=region or "",
        source=source,
        result_count=result_count,
        session=session,
        created_at=timezone.now(),
    )


def search_click_record(*, log_id: int, article: Article, visitor_session: VisitorSession | None) -> bool:
    """Remember which result a search led to; only the visit that searched may say so, once."""
    updated = SearchLog.objects.filter(
        pk=log_id, session=visitor_session, clicked_article__isnull=True, session__isnull=False
    ).update(clicked_article=article)
    return bool(updated)


def web_customer_key(email: str) -> str:
    """A help-center visitor's customer record is keyed by their email, never matched to an exchange
    account: anyone can type any address into a public form."""
    return "web-" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def contact_ticket_create(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    language: str,
    article: ArticleTranslation | None = None,
    article_url: str = "",
) -> Ticket:
    """The help center's "send us a message" form: a web ticket carrying the article the customer
    read (its title and address in the body, and a `kb-<slug>` tag agents can filter on)."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(gettext("enter a valid email address")) from None
    name = _clean_text(name, field="name", limit=200)
    subject = _clean_text(subject, field="subject", limit=200, required=True)
    message = _clean_text(message, field="message", limit=20_000, required=True)
    language = _check_language(language)
    body = message
    tags: list[str] = ["help-center"]
    if article is not None:
        body += f"\n\n---\nArticle read before writing: {article.title}\n{article_url}".rstrip()
        tags.append(f"kb-{article.article.slug}")
    with transaction.atomic():
        customer, _created = customer_upsert(
            external_id=web_customer_key(email),
            **({"name": name} if name else {}),
            email=email,
            language=language,
        )
        return ticket_open(
            customer=customer,
            subject=subject,
            body=body,
            channel=Channel.WEB,
            language=language,
            tags=tags,
        )
