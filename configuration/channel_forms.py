"""The channel account form: the account's own settings, then one field per setting the channel's
adapter names (`credential_fields`). Secrets are password inputs that never render a value back; left
blank, the stored value stays (messaging.accounts.channel_account_save)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from messaging.accounts import SWITCHES
from messaging.models import ChannelAccount
from messaging.registry import credential_fields
from routing.models import Team

# Labels and help for the settings adapters name; a setting not listed here shows its own name.
LABELS: dict[str, tuple[Any, Any]] = {
    "api_base": (
        _("API address"),
        _("Blank for the provider's own; tests and the demo point it at a local fake."),
    ),
    "access_token": (
        _("Access token"),
        _("A system user's permanent token with whatsapp_business_messaging."),
    ),
    "app_secret": (
        _("App secret"),
        _("Signs every webhook (X-Hub-Signature-256); from the app's basic settings."),
    ),
    "verify_token": (_("Verify token"), _("Any hard-to-guess text; enter the same in the webhook settings.")),
    "phone_number_id": (_("Phone number ID"), _("From WhatsApp Manager → API setup (not the phone number).")),
    "business_account_id": (_("WhatsApp business account ID"), _("Lists the account's approved templates.")),
    "page_id": (_("Page ID"), _("The Facebook page whose inbox this account answers.")),
    "page_access_token": (_("Page access token"), _("With pages_messaging for this page.")),
    "human_agent_tag": (
        _("The page has the human agent feature"),
        _(
            "Meta granted the page the HUMAN_AGENT tag: replies up to 7 days after the customer's "
            "last message."
        ),
    ),
    "messaging_service_sid": (
        _("Messaging Service SID"),
        _("MG…: sends through the service's numbers instead of one number; leave the number blank then."),
    ),
    "bot_token": (_("Bot token"), _("From BotFather.")),
    "secret_token": (_("Webhook secret token"), _("Sent by Telegram with every update.")),
}


class ChannelAccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    team = forms.ModelChoiceField(
        label=_("Team it feeds"),
        queryset=Team.objects.order_by("name"),
        required=False,
        help_text=_("New tickets go to this team unless a routing rule decides otherwise."),
    )
    language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES, initial="en")
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, *args: Any, kind: str, account: ChannelAccount | None = None, **kwargs: Any) -> None:
        if account is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(account)
        super().__init__(*args, **kwargs)
        fields, secrets = credential_fields(kind)
        self.credential_names = fields
        stored = account.credentials if account is not None else {}
        for name in fields:
            label, help_text = LABELS.get(name, (name, ""))
            field: forms.Field
            if name in SWITCHES:
                field = forms.BooleanField(label=label, required=False, help_text=help_text)
            elif name in secrets:
                kept = _("Stored; leave blank to keep it.") if stored.get(name) else _("Required.")
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=2000,
                    strip=True,
                    widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                    help_text=f"{help_text} {kept}".strip(),
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=500, help_text=help_text)
            self.fields[f"cred_{name}"] = field

    @staticmethod
    def initial_for(account: ChannelAccount) -> dict[str, Any]:
        _fields, secrets = credential_fields(account.kind)
        initial: dict[str, Any] = {
            "name": account.name,
            "team": account.team_id,
            "language": account.language,
            "enabled": account.enabled,
        }
        for name, value in account.credentials.items():
            if name in secrets:
                continue  # never rendered back
            initial[f"cred_{name}"] = bool(value) if name in SWITCHES else value
        return initial

    def credentials(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            name: ("yes" if data.get(f"cred_{name}") else "")
            if name in SWITCHES
            else data.get(f"cred_{name}") or ""
            for name in self.credential_names
        }
