"""The audit log pages: the log with its filters and integrity status, the signed export, and the
export key (auditors and admins)."""

import json
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from audit.access import check_audit_exporter, check_audit_reader
from audit.export import ExportTooLarge, export_build, key_id, public_key, public_key_pem
from audit.forms import EventFilterForm, ExportForm
from audit.models import AuditEvent
from audit.querysets import events_matching
from audit.status import integrity, sealing_status
from audit.verify_export import public_key_fingerprint

PAGE_SIZE = 50


def changes_of(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field either side names, values as compact JSON."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", _shown(event.before), _shown(event.after))]
    keys = sorted(before.keys() | after.keys())
    return [
        (k, _shown(before.get(k)) if k in before else "", _shown(after.get(k)) if k in after else "")
        for k in keys
    ]


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _query_without(params: QueryDict, *names: str) -> str:
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


@login_required
@require_GET
@never_cache
def event_list(request: HttpRequest) -> HttpResponse:
    check_audit_reader(request.user)
    form = EventFilterForm(request.GET)
    events: list[AuditEvent] = []
    older: int | None = None
    if form.is_valid():
        qs = events_matching(form.event_filter())
        before = form.cleaned_data.get("before")
        if before:
            qs = qs.filter(id__lt=before)
        # One row more than shown says whether an older page exists, without a COUNT(*).
        rows = list(qs.order_by("-id")[: PAGE_SIZE + 1])
        events = rows[:PAGE_SIZE]
        older = events[-1].pk if len(rows) > PAGE_SIZE else None
    status = 200 if form.is_valid() else 400
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "rows": [(e, changes_of(e)) for e in events],
            "older": older,
            "query": _query_without(request.GET, "before"),
            "integrity": integrity(),
            "sealing": sealing_status(),
        },
        status=status,
    )


@login_required
@require_POST
def integrity_check(request: HttpRequest) -> HttpResponse:
    """Run audit_verify now rather than show the last result."""
    check_audit_reader(request.user)
    integrity(refresh=True)
    return redirect("audit:event-list")


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def export(request: HttpRequest) -> HttpResponse:
    check_audit_exporter(request.user)
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        scope = form.scope()
        try:
            document = export_build(
                scope=scope, actor=cast(User, request.user), limit=settings.AUDIT_EXPORT_MAX_EVENTS
            )
        except ExportTooLarge as exc:
            form.add_error(None, str(exc))
        else:
            return export_response(document)
    status = 400 if request.method == "POST" else 200
    key = public_key()
    context = {"form": form, "key_id": key_id(key), "fingerprint": public_key_fingerprint(key)}
    return render(request, "audit/export_form.html", context, status=status)


def export_response(document: dict[str, Any]) -> HttpResponse:
    scope = document["scope"]
    if scope["kind"] == "ticket":
        name = f"audit-export-{scope['ticket']}.json"
    else:
        name = f"audit-export-{scope['from'][:10]}-to-{scope['to'][:10]}.json"
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_key(request: HttpRequest) -> HttpResponse:
    """The public half of the export signing key, for audit.verify_export."""
    check_audit_reader(request.user)
    response = HttpResponse(public_key_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="cryptodesk-audit-export-key.pem"'
    return response
