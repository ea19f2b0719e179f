"""The public help center: /help/<language>/... Server-rendered, no sign-in."""

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.redaction_steps import redaction_notice
from audit.middleware import client_ip
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id, text_problem
from helpdesk.ratelimit import window_hits
from knowledgebase.forms import ContactForm, FeedbackForm
from knowledgebase.languages import is_rtl, language_codes, language_name
from knowledgebase.models import Article, ArticleAttachment, ArticleFeedback, ArticleStatus, Category
from knowledgebase.reading import (
    REGION_COOKIE,
    VISITOR_COOKIE,
    article_url,
    category_listings,
    content_languages,
    help_language,
    pick,
    preferred_language,
    readable,
    reader_region,
    switcher,
    visitor_id,
)
from knowledgebase.search import kb_search, related_articles
from knowledgebase.services import (
    contact_ticket_create,
    feedback_record,
    search_click_record,
    search_log_record,
    translation_viewed,
    visit_touch,
)

YEAR = 365 * 24 * 3600


def _page(
    request: HttpRequest,
    template: str,
    language: str,
    context: dict[str, Any],
    *,
    alternates: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    """Render with the help center's shared context: hreflang alternates, the language menu, RTL."""
    default = settings.LANGUAGE_CODE
    menu = {code: alternates.get(code) or _same_page_in(request, language, code) for code in language_codes()}
    full = {
        "language": language,
        "language_label": language_name(language),
        "rtl": is_rtl(language),
        "region": reader_region(request),
        "hreflang": [(code, request.build_absolute_uri(url)) for code, url in alternates.items()],
        "x_default": request.build_absolute_uri(alternates[default]) if default in alternates else "",
        "languages": switcher(menu),
        **context,
    }
    with override(language):
        response = render(request, template, full, status=status)
    return _cookies(request, response)


def _same_page_in(request: HttpRequest, language: str, code: str) -> str:
    prefix = f"/help/{language}/"
    path = request.path
    return f"/help/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else f"/help/{code}/"


def _cookies(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    new_visitor = getattr(request, "_kb_new_visitor", None)
    if new_visitor:
        response.set_cookie(VISITOR_COOKIE, new_visitor, max_age=YEAR, httponly=True, samesite="Lax")
    region = request.GET.get("region")
    if region is not None:
        region = region.strip().upper()
        if region == "":
            response.delete_cookie(REGION_COOKIE)
        elif reader_region(request) == region:
            response.set_cookie(REGION_COOKIE, region, max_age=YEAR, httponly=True, samesite="Lax")
    return response


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(reverse("help:home", kwargs={"language": preferred_language(request)}))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def home(request: HttpRequest, language: str) -> HttpResponse:
    language = help_language(language)
    listings = category_listings(language, reader_region(request))
    alternates = {code: reverse("help:home", kwargs={"language": code}) for code in content_languages()}
    return _page(
        request, "knowledgebase/help_home.html", language, {"listings": listings}, alternates=alternates
    )


@require_GET
def category(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    language = help_language(language)
    cat = get_object_or_404(Category, slug=slug)
    listings = category_listings(language, reader_region(request), category=cat)
    alternates = {
        code: reverse("help:category", kwargs={"language": code, "slug": slug})
        for code in content_languages()
    }
    context = {"listing": listings[0], "category": cat}
    return _page(request, "knowledgebase/help_category.html", language, context, alternates=alternates)


@require_GET
def article(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    language = help_language(language)
    region = reader_region(request)
    art = Article.objects.visible_in(region).select_related("category").filter(slug=slug).first()
    if art is None:
        raise Http404(_("No such article"))
    translations = list(art.translations.published())
    shown = pick(translations, language).get(art.pk)
    if shown is None:
        raise Http404(_("No such article"))
    related_ids = related_articles(art, language, region)
    related = pick(readable(language, region).filter(article_id__in=related_ids), language)
    session = visit_touch(visitor=visitor_id(request), language=language, read=True)
    translation_viewed(translation=shown.translation)
    log_id = parse_id(request.GET.get("s"))
    if log_id is not None:
        search_click_record(log_id=log_id, article=art, visitor_session=session)
    voted = ArticleFeedback.objects.filter(translation=shown.translation, visitor=visitor_id(request)).first()
    context = {
        "shown": shown,
        "translation": shown.translation,
        "body_html": mark_safe(shown.translation.body_html),  # noqa: S308 - sanitised by nh3 on save
        "category": art.category,
        "category_name": art.category.name_in(language),
        "related": [related[pk] for pk in related_ids if pk in related],
        "voted": voted,
        "fallback_name": language_name(shown.translation.language),
        "absolute_url": request.build_absolute_uri(shown.url),
    }
    alternates = {t.language: article_url(t.language, slug) for t in translations}
    return _page(request, "knowledgebase/help_article.html", language, context, alternates=alternates)


@require_POST
def feedback(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    language = help_language(language)
    art = Article.objects.visible_in(reader_region(request)).filter(slug=slug).first()
    shown = pick(art.translations.published(), language).get(art.pk) if art else None
    if art is None or shown is None:
        raise Http404(_("No such article"))
    form = FeedbackForm(request.POST)
    visitor = visitor_id(request)
    error, status, vote = "", 200, None
    if not form.is_valid() or form.cleaned_data["helpful"] is None:
        error, status = _("Choose yes or no."), 400
    elif (
        window_hits(f"kb:votes:{visitor}", 3600) > settings.KB_VOTES_PER_VISITOR
        or window_hits(f"kb:votes-ip:{client_ip(request)}", 3600) > settings.KB_VOTES_PER_VISITOR * 5
    ):
        error, status = _("Thanks, we have enough feedback from you for now."), 429
    else:
        try:
            vote = feedback_record(
                translation=shown.translation,
                visitor=visitor,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            error, status = exc.message, 400
    if request.headers.get("HX-Request"):
        context = {
            "voted": vote.feedback if vote else None,
            "error": error,
            "language": language,
            "slug": slug,
        }
        with override(language):
            return _cookies(
                request, render(request, "knowledgebase/help_feedback.html", context, status=status)
            )
    return _cookies(request, HttpResponseRedirect(article_url(language, slug) + "#feedback"))


@require_GET
def search(request: HttpRequest, language: str) -> HttpResponse:
    language = help_language(language)
    region = reader_region(request)
    query = request.GET.get("q", "")
    results = kb_search(query=query, language=language, region=region)
    log = None
    if results.query:
        session = visit_touch(visitor=visitor_id(request), language=language, searched=True)
        log = search_log_record(
            query=results.query,
            language=language,
            region=region,
            result_count=len(results.exact),
            session=session,
        )
    names = {c.pk: c.name_in(language) for c in Category.objects.all()} if results.hits else {}
    context = {"results": results, "log": log, "category_names": names}
    alternates = {code: reverse("help:search", kwargs={"language": code}) for code in content_languages()}
    return _page(request, "knowledgebase/help_search.html", language, context, alternates=alternates)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, language: str) -> HttpResponse:
    """ "Send us a message": a web ticket that carries the article the customer was reading."""
    language = help_language(language)
    slug = request.GET.get("article") or request.POST.get("article") or ""
    shown = None
    # A multipart form can still carry NUL here (RefuseNulMiddleware checks url-encoded ones only).
    if slug and text_problem(slug) is None:
        art = Article.objects.visible_in(reader_region(request)).filter(slug=slug[:120]).first()
        shown = pick(art.translations.published(), language).get(art.pk) if art else None
    form = ContactForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "shown": shown,
        "article_slug": shown.article.slug if shown else "",
    }
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["website"]:
            # A bot filled the hidden field: answer as if it worked, create nothing.
            context["sent"] = True
        elif form.is_valid():
            if window_hits(f"kb:contact:{client_ip(request)}", 3600) > settings.KB_CONTACTS_PER_ADDRESS:
                context["error"] = _("Too many messages from your address. Please try again in an hour.")
                status = 429
            else:
                try:
                    ticket = contact_ticket_create(
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        subject=form.cleaned_data["subject"],
                        message=form.cleaned_data["message"],
                        language=language,
                        article=shown.translation if shown else None,
                        article_url=request.build_absolute_uri(shown.url) if shown else "",
                    )
                except DomainError as exc:
                    context["error"] = exc.message
                    status = 400
                else:
                    visit_touch(visitor=visitor_id(request), language=language, contacted=True)
                    context["sent"] = True
                    context["reference"] = ticket.reference
                    # A secret pasted in the message was taken out: the customer is told so here.
                    notice = redaction_notice(ticket.entries.order_by("pk").first(), ticket.language)
                    context["secret_warning"] = notice["warning"] if notice else ""
        else:
            status = 400
    alternates = {code: reverse("help:contact", kwargs={"language": code}) for code in content_languages()}
    return _page(
        request, "knowledgebase/help_contact.html", language, context, alternates=alternates, status=status
    )


@csrf_exempt
@require_POST
def chat_opened(request: HttpRequest, language: str) -> HttpResponse:
    """The help center's chat button says the visitor contacted support (for the deflection count).

    No CSRF check: it only marks the caller's own visit, identified by its own cookie.
    """
    language = help_language(language)
    if request.COOKIES.get(VISITOR_COOKIE):
        visit_touch(visitor=visitor_id(request), language=language, contacted=True)
    return HttpResponse(status=204)


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every published translation, each with its language alternates and x-default."""
    rows = (
        Article.objects.filter(translations__status=ArticleStatus.PUBLISHED)
        .values_list("slug", "translations__language", "translations__updated_at")
        .order_by("slug", "translations__language")
    )
    articles: dict[str, list[tuple[str, Any]]] = {}
    for slug, language, updated in rows:
        articles.setdefault(slug, []).append((language, updated))
    default = settings.LANGUAGE_CODE
    entries = []
    for slug, versions in articles.items():
        alternates = [(lang, request.build_absolute_uri(article_url(lang, slug))) for lang, _u in versions]
        codes = [lang for lang, _u in versions]
        x_default = request.build_absolute_uri(article_url(default if default in codes else codes[0], slug))
        for lang, updated in versions:
            entries.append(
                {
                    "loc": request.build_absolute_uri(article_url(lang, slug)),
                    "lastmod": updated,
                    "alternates": alternates,
                    "x_default": x_default,
                }
            )
    return render(request, "knowledgebase/sitemap.xml", {"entries": entries}, content_type="application/xml")


INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}


@require_GET
def attachment(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    """An article's image or file, public once the article has a published translation."""
    item = get_object_or_404(ArticleAttachment.objects.select_related("article"), pk=pk)
    published = item.article.translations.filter(status=ArticleStatus.PUBLISHED).exists()
    if filename != item.filename or not (published or getattr(request.user, "is_authenticated", False)):
        raise Http404(_("No such file"))
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=item.content_type not in INLINE_TYPES,
        filename=item.filename,
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "public, max-age=3600"
    return response
