"""What every page of the configuration area shares: who may come in, and the form page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from configuration.access import check_config_readable, check_config_writable, config_writable
from helpdesk.errors import DomainError


def reader(request: HttpRequest) -> User:
    """A supervisor or an admin: the lists."""
    check_config_readable(request.user)
    return cast(User, request.user)


def writer(request: HttpRequest) -> User:
    """An admin: the forms and every write."""
    check_config_writable(request.user)
    return cast(User, request.user)


def may_change(request: HttpRequest) -> bool:
    return config_writable(request.user)


@dataclass(frozen=True)
class Rows:
    """A formset shown as a table of rows under a legend."""

    legend: str
    formset: Any
    help: str = ""


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form: Any,
    back: str,
    intro: str = "",
    rows: tuple[Rows, ...] = (),
) -> HttpResponse:
    invalid = bool(form.errors) or any(r.formset.is_bound and not r.formset.is_valid() for r in rows)
    context = {"title": title, "intro": intro, "form": form, "rows": rows, "back": back}
    return render(request, "configuration/form.html", context, status=400 if invalid else 200)


def delete_page(
    request: HttpRequest, *, title: str, summary: str, back: str, delete: Callable[[], None], done: str
) -> HttpResponse:
    """GET asks for confirmation; POST deletes through `delete` (a service) and returns to the list,
    where the message says it is gone or why the service refused."""
    if request.method != "POST":
        return render(
            request, "configuration/confirm_delete.html", {"title": title, "summary": summary, "back": back}
        )
    try:
        delete()
    except DomainError as exc:
        messages.error(request, exc.message)
    except (ProtectedError, RestrictedError):
        # A row that something still points at: say so rather than fail the request.
        messages.error(request, _("%(what)s is still in use and was not deleted.") % {"what": summary})
    else:
        messages.success(request, done)
    return redirect(back)
