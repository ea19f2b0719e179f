"""Tier 0 in the Django admin. Assessments are the worker's record: read only. Channel settings are
saved through assistant.config (one audit event with before and after, as on the Tier 0 page).
Agents' corrections (examples) may be removed from the bank, audited; they are written only by a
correction on the ticket."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from assistant.config import ChannelSpec, channel_settings_save, parse_languages
from assistant.models import Assessment, ChannelSetting, Example
from helpdesk.admin import AuditedAdmin, ReadOnlyAdmin
from helpdesk.errors import DomainError
from tickets.models import Channel


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "ticket",
        "state",
        "language",
        "intent",
        "confidence",
        "threshold",
        "decision",
        "outcome",
        "corrected_intent",
        "created_at",
    )
    list_filter = ("state", "decision", "outcome", "distress", "social_engineering_risk", "intent")
    list_select_related = ("ticket",)
    search_fields = ("=ticket__id", "why", "article")
    date_hierarchy = "created_at"


class ChannelSettingForm(forms.ModelForm):
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    languages = forms.CharField(
        label=_("languages"),
        required=False,
        max_length=400,
        help_text=_("Two-letter codes, comma-separated; empty: every language."),
    )

    class Meta:
        model = ChannelSetting
        fields = ("channel", "answers_enabled", "languages")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.languages or [])
            self.fields["channel"].disabled = True

    def clean_languages(self) -> tuple[str, ...]:
        try:
            return parse_languages(self.cleaned_data.get("languages") or "")
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(ChannelSetting)
class ChannelSettingAdmin(AuditedAdmin):
    form = ChannelSettingForm
    audited_by_services = True
    list_display = ("channel", "answers_enabled", "languages", "updated_by", "updated_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Turning answers off is the change to make; a deleted row would silently mean "on".
        return False

    def save_model(self, request: HttpRequest, obj: ChannelSetting, form: Any, change: bool) -> None:
        saved = channel_settings_save(
            actor=request.user,  # type: ignore[arg-type]
            specs=[
                ChannelSpec(
                    channel=form.cleaned_data["channel"],
                    answers_enabled=bool(form.cleaned_data.get("answers_enabled")),
                    languages=tuple(form.cleaned_data.get("languages") or ()),
                )
            ],
        )
        stored = saved[0] if saved else ChannelSetting.objects.filter(channel=obj.channel).first()
        if stored is None:
            # Added with the defaults (answers, every language): nothing took effect, so nothing is
            # audited, but the admin needs the row it says it added.
            stored = ChannelSetting.objects.create(channel=obj.channel, updated_by=request.user)  # type: ignore[misc]
        obj.pk = stored.pk
        obj._state.adding = False


@admin.register(Example)
class ExampleAdmin(AuditedAdmin):
    list_display = ("id", "intent", "language", "short_text", "added_by", "created_at")
    list_filter = ("intent", "language")
    search_fields = ("text",)
    readonly_fields = ("text", "intent", "language", "assessment", "added_by", "created_at")

    @admin.display(description=_("text"))
    def short_text(self, obj: Example) -> str:
        return obj.text[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
