"""The bell (loaded after each page), its dropdown, the notifications page, marking read, and the mail
preferences. Everything here is the signed-in person's own: there is no id of another to ask for."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from helpdesk.parsing import parse_id
from notifications.models import Kind
from notifications.presenting import describe, link
from notifications.querysets import RECENT, recent_for, unread_count
from notifications.services import email_preferences, email_preferences_set, notifications_mark_read


def _staff(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return user


def _rows(user: User, limit: int) -> list[dict[str, object]]:
    return [{"n": n, "text": describe(n), "link": link(n)} for n in recent_for(user, limit=limit)]


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    return render(request, "notifications/bell.html", {"unread": unread_count(user)})


@login_required
@require_GET
def recent(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    return render(request, "notifications/notification_recent.html", {"rows": _rows(user, RECENT)})


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    context = {"rows": _rows(user, 50), "unread": unread_count(user)}
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one (`id`) or all (`all`) read, then go on to `next` (the case, or back to the list)."""
    user = _staff(request)
    pk = parse_id(request.POST.get("id", ""))
    if pk is None and not request.POST.get("all"):
        return HttpResponse(_("Say which notification, or all."), status=400)
    notifications_mark_read(user=user, ids=None if pk is None else [pk])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "notifications:notification-list"
    return redirect(target)


class PreferencesForm(forms.Form):
    email = forms.MultipleChoiceField(
        label=_("Send me mail for"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Unread notifications of these kinds reach you as one digest every few minutes."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    current = [kind for kind, on in email_preferences(user).items() if on]
    form = PreferencesForm(request.POST or None, initial={"email": current})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "notifications/preferences.html", {"form": form}, status=400)
        email_preferences_set(user=user, email=form.cleaned_data["email"])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
