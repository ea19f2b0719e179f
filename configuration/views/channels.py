"""Channel accounts (Telegram bots, WhatsApp numbers, Facebook pages, X, SMS and phone numbers): admins
alone list, add, edit, enable and disable them, since each holds a provider's credentials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from configuration.channel_forms import ChannelAccountForm
from configuration.views.common import writer
from helpdesk.errors import DomainError
from messaging.accounts import channel_account_enable, channel_account_save, webhook_url
from messaging.models import ChannelAccount, ChannelKind
from messaging.whatsapp_templates import templates_known, whatsapp_templates_refresh_queue


def webhook_urls(account: ChannelAccount) -> list[tuple[str, str]]:
    """(what it is, the address) to copy into the provider's console. A phone number has two, which
    the voice app names: the Voice URL and the status callback."""
    if account.kind == ChannelKind.VOICE:
        from voice.hooks import urls_for

        labels = {"voice_url": _("Voice URL"), "status_callback": _("Status callback URL")}
        return [(labels.get(name, name), url) for name, url in urls_for(account).items()]
    return [(_("Webhook"), webhook_url(account))]


@login_required
@require_GET
def channel_list(request: HttpRequest) -> HttpResponse:
    writer(request)
    accounts = list(ChannelAccount.objects.select_related("team").order_by("kind", "name"))
    rows = [(account, webhook_urls(account)) for account in accounts]
    context = {"rows": rows, "kinds": ChannelKind.choices}
    return render(request, "configuration/channel_list.html", context)


def _page(request: HttpRequest, kind: str, account: ChannelAccount | None) -> HttpResponse:
    actor = writer(request)
    form = ChannelAccountForm(request.POST if request.method == "POST" else None, kind=kind, account=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = channel_account_save(
                actor=actor,
                account=account,
                kind=kind,
                name=data["name"],
                team=data["team"],
                language=data["language"],
                enabled=data["enabled"],
                credentials=form.credentials(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Channel account %(name)s saved.") % {"name": saved.name})
            return redirect("configuration:channel-edit", pk=saved.pk)
    label = ChannelKind(kind).label
    context = {
        "title": _("Edit %(name)s") % {"name": account.name}
        if account
        else _("New %(channel)s account") % {"channel": label},
        "form": form,
        "account": account,
        "kind": kind,
        "kind_label": label,
        "urls": webhook_urls(account) if account else [],
        "templates": templates_known(account) if account and kind == ChannelKind.WHATSAPP else None,
        "back": reverse("configuration:channel-list"),
    }
    return render(request, "configuration/channel_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def channel_create(request: HttpRequest) -> HttpResponse:
    writer(request)
    kind = request.GET.get("kind", "")
    if kind not in ChannelKind.values:
        raise Http404
    return _page(request, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    account = get_object_or_404(ChannelAccount, pk=pk)
    return _page(request, account.kind, account)


@login_required
@require_POST
def channel_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Enable or disable: a disabled account's webhook answers 404 and nothing is sent through it."""
    actor = writer(request)
    account = get_object_or_404(ChannelAccount, pk=pk)
    account = channel_account_enable(actor=actor, account=account, enabled=not account.enabled)
    done = _("%(name)s enabled.") if account.enabled else _("%(name)s disabled: its webhook answers 404.")
    messages.success(request, done % {"name": account.name})
    return redirect("configuration:channel-list")


@login_required
@require_POST
def channel_templates_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch a WhatsApp account's approved templates again (by the worker, after this request)."""
    actor = writer(request)
    account = get_object_or_404(ChannelAccount, pk=pk, kind=ChannelKind.WHATSAPP)
    whatsapp_templates_refresh_queue(actor=actor, account=account)
    messages.success(request, _("The templates are being fetched from WhatsApp; reload in a moment."))
    return redirect("configuration:channel-edit", pk=account.pk)
