"""Editors manage the knowledge base here; every change goes through knowledgebase.services."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from helpdesk.admin import AuditedAdmin
from helpdesk.errors import DomainError
from knowledgebase.access import acting_user, kb_drafter, kb_editor
from knowledgebase.models import (
    Article,
    ArticleAttachment,
    ArticleFlag,
    ArticleTranslation,
    ArticleVersion,
    Category,
    FlagStatus,
)
from knowledgebase.services import (
    article_create,
    article_update,
    attachment_add,
    category_upsert,
    flag_resolve,
    translation_archive,
    translation_publish,
    translation_restore,
    translation_save,
    translation_submit,
)


class _KbPermissions:
    """Drafters (every agent) may view and edit; the services refuse what only editors may do, and
    the forms say so before saving (form.editor_required)."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        form.user = request.user
        return form

    def has_module_permission(self, request: HttpRequest) -> bool:
        return kb_drafter(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return kb_drafter(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return kb_drafter(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return kb_drafter(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Articles are archived, never deleted: links and history stay intact.
        return False


def _run(request: HttpRequest, fn: Any, items: QuerySet[Any], done: str) -> None:
    count = 0
    for item in items:
        try:
            fn(translation=item, actor=acting_user(request.user))
            count += 1
        except DomainError as exc:
            messages.error(request, f"{item}: {exc.message}")
    if count:
        messages.success(request, done % {"count": count})


class _EditorCheckedForm(forms.ModelForm):
    user: Any = None

    def editor_required(self) -> bool:
        return True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editor_required() and not kb_editor(self.user):
            raise forms.ValidationError(_("Only knowledge base editors may do this."))
        return data


class CategoryForm(_EditorCheckedForm):
    class Meta:
        model = Category
        fields = ("slug", "icon", "position", "names", "descriptions")


@admin.register(Category)
class CategoryAdmin(_KbPermissions, AuditedAdmin):
    # Saved through knowledgebase.services, which write the audit log themselves.
    audited_by_services = True
    form = CategoryForm
    list_display = ("slug", "__str__", "icon", "position")
    ordering = ("position",)

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        saved, _created = category_upsert(
            slug=obj.slug,
            names=obj.names,
            descriptions=obj.descriptions,
            icon=obj.icon,
            position=obj.position,
            actor=acting_user(request.user),
        )
        obj.pk = saved.pk


class TranslationInline(admin.TabularInline):
    model = ArticleTranslation
    fields = ("language", "title", "status", "version", "updated_at", "helpful_yes", "helpful_no", "views")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    fields = ("filename", "content_type", "size", "created_at", "link")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Markdown"))
    def link(self, obj: ArticleAttachment) -> str:
        prefix = "!" if obj.is_image else ""
        return f"{prefix}[{obj.filename}](/help/attachments/{obj.pk}/{obj.filename})"


class ArticleForm(_EditorCheckedForm):
    tag_names = forms.CharField(label=_("Tags"), required=False, help_text=_("Comma-separated."))
    upload = forms.FileField(label=_("Add an image or file"), required=False)

    class Meta:
        model = Article
        fields = ("slug", "category", "position", "regions", "hidden_in", "related")

    def editor_required(self) -> bool:
        # Anyone may start an article; changing where it shows is an editor's call.
        return self.instance.pk is not None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())


@admin.register(Article)
class ArticleAdmin(_KbPermissions, AuditedAdmin):
    # Saved through knowledgebase.services, which write the audit log themselves.
    audited_by_services = True
    form = ArticleForm
    list_display = ("slug", "category", "regions", "hidden_in", "author", "updated_at")
    list_filter = ("category",)
    search_fields = ("slug", "translations__title")
    filter_horizontal = ("related",)
    inlines = [TranslationInline, AttachmentInline]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        data = form.cleaned_data
        tags = [t for t in (data.get("tag_names") or "").split(",") if t.strip()]
        actor: Any = request.user
        if change:
            saved = article_update(
                article=obj,
                actor=actor,
                category=data["category"],
                tags=tags,
                regions=data["regions"],
                hidden_in=data["hidden_in"],
                related=list(data["related"]),
                position=data["position"],
            )
        else:
            saved = article_create(
                slug=data["slug"],
                category=data["category"],
                actor=actor,
                tags=tags,
                regions=data["regions"],
                hidden_in=data["hidden_in"],
                related=list(data["related"]),
                position=data["position"],
            )
        obj.pk = saved.pk
        obj._state.adding = False
        upload = data.get("upload")
        if upload is not None:
            attachment_add(article=saved, filename=upload.name, content=upload.read(), actor=actor)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Tags and related articles were saved by the service.
        return None


class VersionInline(admin.TabularInline):
    model = ArticleVersion
    fields = ("number", "title", "author", "note", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TranslationForm(_EditorCheckedForm):
    class Meta:
        model = ArticleTranslation
        fields = ("article", "language", "title", "summary", "body")

    def editor_required(self) -> bool:
        # Drafts and translations in review are anyone's to edit; live text is an editor's.
        return self.instance.pk is not None and self.instance.status in ("published", "archived")


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(_KbPermissions, AuditedAdmin):
    # Saved through knowledgebase.services, which write the audit log themselves.
    audited_by_services = True
    form = TranslationForm
    list_display = (
        "title",
        "article",
        "language",
        "status",
        "version",
        "updated_at",
        "helpful_yes",
        "helpful_no",
    )
    list_filter = ("status", "language", "article__category")
    search_fields = ("title", "article__slug")
    readonly_fields = ("status", "version", "published_at", "updated_at", "updated_by")
    inlines = [VersionInline]
    actions = ["submit_for_review", "publish", "archive"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = ("article", "language") if obj is not None else ()
        return (*fixed, *self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: ArticleTranslation, form: Any, change: bool) -> None:
        saved = translation_save(
            article=obj.article,
            language=obj.language,
            title=obj.title,
            summary=obj.summary,
            body=obj.body,
            actor=acting_user(request.user),
        )
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description=_("Submit for review"))
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[ArticleTranslation]) -> None:
        _run(request, translation_submit, queryset, str(_("%(count)d submitted for review.")))

    @admin.action(description=_("Publish"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ArticleTranslation]) -> None:
        _run(request, translation_publish, queryset, str(_("%(count)d published.")))

    @admin.action(description=_("Archive"))
    def archive(self, request: HttpRequest, queryset: QuerySet[ArticleTranslation]) -> None:
        _run(request, translation_archive, queryset, str(_("%(count)d archived.")))


@admin.register(ArticleVersion)
class ArticleVersionAdmin(_KbPermissions, AuditedAdmin):
    list_display = ("translation", "number", "title", "author", "note", "created_at")
    list_filter = ("translation__language",)
    search_fields = ("title", "translation__article__slug")
    readonly_fields = ("translation", "number", "title", "summary", "body", "author", "note", "created_at")
    actions = ["restore"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.action(description=_("Restore this version (as a new version)"))
    def restore(self, request: HttpRequest, queryset: QuerySet[ArticleVersion]) -> None:
        for version in queryset.select_related("translation__article"):
            try:
                translation_restore(
                    translation=version.translation, version=version, actor=acting_user(request.user)
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Restored version %(n)d of %(t)s.") % {"n": version.number, "t": version.translation},
                )


@admin.register(ArticleFlag)
class ArticleFlagAdmin(_KbPermissions, AuditedAdmin):
    # Saved through knowledgebase.services, which write the audit log themselves.
    audited_by_services = True
    list_display = ("article", "language", "status", "flagged_by", "created_at", "resolved_by")
    list_filter = ("status",)
    readonly_fields = (
        "article",
        "language",
        "reason",
        "flagged_by",
        "created_at",
        "status",
        "resolved_by",
        "resolved_at",
    )
    fields = (*readonly_fields, "resolution")
    actions = ["resolve"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.action(description=_("Resolve"))
    def resolve(self, request: HttpRequest, queryset: QuerySet[ArticleFlag]) -> None:
        for flag in queryset.filter(status=FlagStatus.OPEN):
            try:
                flag_resolve(flag=flag, actor=acting_user(request.user))
            except DomainError as exc:
                messages.error(request, exc.message)
                return
        messages.success(request, _("Resolved."))

    def save_model(self, request: HttpRequest, obj: ArticleFlag, form: Any, change: bool) -> None:
        if obj.status == FlagStatus.OPEN:
            flag_resolve(flag=obj, actor=acting_user(request.user), resolution=obj.resolution)
