from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from helpdesk.admin import AuditedAdmin, ReadOnlyAdmin
from mail.models import InboundMessage, InboundStatus, Mailbox, OutboundMessage
from mail.services import inbound_reprocess
from mail.services.config import mailbox_save, mailbox_token_issue


class MailboxForm(forms.ModelForm):
    # Write-only: the stored password is never sent back to a browser.
    imap_password = forms.CharField(
        label=_("IMAP password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = (
            "name",
            "address",
            "from_name",
            "team",
            "language",
            "send_acknowledgement",
            "is_active",
            "imap_host",
            "imap_port",
            "imap_username",
            "imap_password",
            "imap_folder",
            "imap_processed_folder",
            "poll_every",
        )

    def clean_imap_password(self) -> str:
        value = self.cleaned_data.get("imap_password") or ""
        return value or (self.instance.imap_password if self.instance.pk else "")


@admin.action(description=_("Issue a new token for the HTTP endpoint"))
def issue_token(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for mailbox in queryset:
        token = mailbox_token_issue(actor=request.user, mailbox=mailbox)
        modeladmin.message_user(
            request,
            _("Token for %(name)s (shown once): %(token)s") % {"name": mailbox.name, "token": token},
            level=messages.WARNING,
        )


@admin.register(Mailbox)
class MailboxAdmin(AuditedAdmin):
    form = MailboxForm
    audited_by_services = True
    list_display = ("name", "address", "team", "is_active", "imap_host", "last_polled_at", "last_error")
    readonly_fields = ("last_polled_at", "last_error", "imap_last_uid")
    actions = [issue_token]

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        mailbox_save(actor=request.user, mailbox=obj, password_changed="imap_password" in form.changed_data)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deactivate instead: its messages and threads keep pointing at it.
        return False


@admin.action(description=_("Reprocess the selected quarantined messages"))
def reprocess(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done = 0
    for message in queryset.filter(status=InboundStatus.QUARANTINED):
        result = inbound_reprocess(message=message, actor=request.user)
        done += result.status != InboundStatus.QUARANTINED
    modeladmin.message_user(request, _("%(n)s message(s) processed.") % {"n": done}, level=messages.INFO)


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "sender", "subject", "status", "outcome", "ticket", "size", "source")
    list_filter = ("status", "outcome", "source", "mailbox")
    search_fields = ("sender", "subject", "message_id")
    actions = [reprocess]
    exclude = ("raw",)
    readonly_fields = (
        "mailbox",
        "source",
        "message_id",
        "message_id_synthesized",
        "sender",
        "subject",
        "status",
        "outcome",
        "error",
        "ticket",
        "entry",
        "attempts",
        "duplicates",
        "size",
        "received_at",
        "processed_at",
        "raw_download",
    )

    @admin.display(description=_("raw message"))
    def raw_download(self, obj: InboundMessage) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("mail:inbound-raw", args=[obj.pk]), _("download .eml")
        )


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subject", "kind", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "kind")
    search_fields = ("subject", "message_id")
