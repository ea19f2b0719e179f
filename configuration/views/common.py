"""What every page of the configuration area shares: who may come in, and the form page."""

from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from configuration.access import check_config_readable, check_config_writable, config_writable


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
