"""Admin pieces shared by the apps."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.db.models import QuerySet
from django.forms.fields import InvalidJSONInput
from django.forms.models import _get_foreign_key
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from audit.context import audit_reason
from audit.services import config_change_record
from helpdesk.errors import DomainError
from helpdesk.parsing import InvalidJSON, json_loads, unstorable_text


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that only services write (logs, clocks, mail): admins look, they never edit here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


REASON_FIELD = "audit_reason"


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=500,
        help_text=_("Kept with the change in the audit log."),
        widget=forms.TextInput(attrs={"size": 80}),
    )


def _with_reason(form_class: Any) -> Any:
    if form_class is None or REASON_FIELD in getattr(form_class, "declared_fields", {}):
        return form_class
    return type(form_class.__name__, (form_class,), {REASON_FIELD: _reason_field()})


def _field_values(obj: models.Model, *, skip: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        # An id the database hands out says nothing; a key that is data (a team's calendar link) does.
        if (
            (field.primary_key and field.auto_created)
            or field.name in skip
            or getattr(field, "auto_now", False)
        ):
            continue
        values[field.name] = field.value_from_object(obj)
    return values


class SafeJSONFormField(forms.JSONField):
    """Django's JSON form field, but nesting past MAX_JSON_DEPTH and text PostgreSQL cannot store
    (NUL, lone surrogates, which JSON escapes can carry) are form errors instead of a RecursionError
    or a database error."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value not in self.empty_values and not self.disabled:
            try:
                json_loads(value)
            except InvalidJSON as exc:
                raise forms.ValidationError(_("Not valid here: %(error)s.") % {"error": exc}) from None
            except ValueError:
                pass  # Django's own message below
        converted = super().to_python(value)
        for problems in unstorable_text(converted).values():
            raise forms.ValidationError(problems[0])
        return converted

    def bound_data(self, data: Any, initial: Any) -> Any:
        # The form is shown again with what was sent. Django's re-parse would recurse just the same,
        # and a lone surrogate parsed from an escape cannot be written into the page: show the text.
        if isinstance(data, str) and not self.disabled:
            try:
                if unstorable_text(json_loads(data)):
                    return InvalidJSONInput(data)
            except InvalidJSON:
                return InvalidJSONInput(data)
            except ValueError:
                pass
        return super().bound_data(data, initial)


class AuditedAdmin(admin.ModelAdmin):
    """For configuration: every add, change and delete made here writes the append-only audit log,
    in the same transaction, with who, a field diff (secrets redacted) and the reason the form asks for.

    An admin whose model has its own services (they write the log themselves) sets
    `audited_by_services` and calls them from save_model/save_related/delete_model; the reason still
    reaches them through the audit context. Otherwise this class records the change through
    audit.services.config_change_record. Bulk deletes take the single-object path, row by row.
    """

    audited_by_services = False
    formfield_overrides = {models.JSONField: {"form_class": SafeJSONFormField}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form = _with_reason(self.form)
        add_form = getattr(self, "add_form", None)
        if add_form is not None:
            self.add_form = _with_reason(add_form)

    # --- the reason, for every view that writes -------------------------------------------------
    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {name for _title, opts in fieldsets for name in flatten_fieldsets([(None, opts)])}
        if obj is None:
            may_write = self.has_add_permission(request)
        else:
            may_write = self.has_change_permission(request, obj)
        if REASON_FIELD not in named and may_write:
            fieldsets.append((_("Why"), {"fields": [REASON_FIELD]}))
        return fieldsets

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        with audit_reason(request.POST.get(REASON_FIELD, "")):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        with audit_reason(request.POST.get(REASON_FIELD, "")):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        with audit_reason(request.POST.get(REASON_FIELD, "")):
            try:
                return super().delete_view(request, object_id, extra_context)
            except DomainError as exc:
                # A service refused (a team that still has cases): say why, delete nothing.
                self.message_user(request, exc.message, messages.ERROR)
                return HttpResponseRedirect(request.path)

    # --- the change itself ----------------------------------------------------------------------
    def audit_snapshot(self, obj: models.Model) -> dict[str, Any]:
        """The object's settings, its many-to-many links and the rows of its inlines."""
        snapshot = _field_values(obj, skip=set())
        if obj.pk is None:
            return snapshot
        for field in obj._meta.many_to_many:
            snapshot[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        for inline in self.inlines:
            fk = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name)
            rows = inline.model._default_manager.filter(**{fk.name: obj}).order_by("pk")
            snapshot[inline.model._meta.model_name] = [_field_values(row, skip={fk.name}) for row in rows]
        return snapshot

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not self.audited_by_services:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
            form._audit_before = self.audit_snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not self.audited_by_services:
            config_change_record(
                actor=request.user,
                obj=form.instance,
                before=getattr(form, "_audit_before", None),
                after=self.audit_snapshot(form.instance),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        if not self.audited_by_services:
            config_change_record(actor=request.user, obj=obj, before=self.audit_snapshot(obj), after=None)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # Row by row through delete_model, so each deletion is audited (or refused) like a single one.
        for obj in queryset:
            try:
                self.delete_model(request, obj)
            except DomainError as exc:
                self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)


def _periodic_tasks_set_enabled(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any], enabled: bool | None
) -> None:
    """The schedule's enable, disable and toggle actions, one audited save per task instead of a bulk
    UPDATE: switching off the audit sealing job is exactly the change the log must show."""
    from django_celery_beat.models import PeriodicTasks

    count = 0
    for task in queryset:
        before = {"enabled": task.enabled}
        task.enabled = (not task.enabled) if enabled is None else enabled
        task.save(update_fields=["enabled"])
        config_change_record(actor=request.user, obj=task, before=before, after={"enabled": task.enabled})
        count += 1
    PeriodicTasks.update_changed()
    modeladmin.message_user(request, _("%(count)d task(s) changed.") % {"count": count})


def _audit_third_party_admins() -> None:
    """Celery beat's schedules are configuration too, and deleting a sign-in lockout unlocks an
    account: their admins get the same audit as ours."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    models_: tuple[type[models.Model], ...] = (
        PeriodicTask,
        ClockedSchedule,
        CrontabSchedule,
        SolarSchedule,
        IntervalSchedule,
        AccessAttempt,
        AccessFailureLog,
        AccessLog,
    )
    for model in models_:
        if not admin.site.is_registered(model):
            continue
        base = type(admin.site.get_model_admin(model))
        if issubclass(base, AuditedAdmin):
            continue
        attrs: dict[str, Any] = {"__module__": __name__}
        if model is PeriodicTask:
            attrs.update(
                enable_tasks=admin.action(description=_("Enable selected tasks"))(
                    lambda self, request, qs: _periodic_tasks_set_enabled(self, request, qs, True)
                ),
                disable_tasks=admin.action(description=_("Disable selected tasks"))(
                    lambda self, request, qs: _periodic_tasks_set_enabled(self, request, qs, False)
                ),
                toggle_tasks=admin.action(description=_("Toggle activity of selected tasks"))(
                    lambda self, request, qs: _periodic_tasks_set_enabled(self, request, qs, None)
                ),
            )
        admin.site.unregister(model)
        admin.site.register(model, type(f"Audited{base.__name__}", (AuditedAdmin, base), attrs))


_audit_third_party_admins()
