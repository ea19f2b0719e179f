"""SLA policies (targets per kind of case: priority, tier, VIP level...) and business calendars
(weekly hours, holidays, time zone). Every write is an SLA service (sla/services/config.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from configuration.forms import CalendarForm, DateFormSet, ShiftFormSet, SlaPolicyForm, kept
from configuration.views.common import Rows, delete_page, form_page, may_change, reader, writer
from helpdesk.errors import DomainError
from routing.models import Team
from sla.models import BusinessCalendar, SlaPolicy, TeamCalendar
from sla.services import (
    DateSpec,
    HoursSpec,
    business_calendar_delete,
    business_calendar_save,
    sla_policy_delete,
    sla_policy_save,
)
from tickets.models import Priority


@login_required
@require_GET
def sla_policy_list(request: HttpRequest) -> HttpResponse:
    reader(request)
    policies = list(
        SlaPolicy.objects.prefetch_related(
            Prefetch("teams", queryset=Team.objects.order_by("name"))
        ).order_by("position", "id")
    )
    labels = dict(Priority.choices)
    rows = [{"policy": p, "priorities": [labels.get(v, v) for v in p.priorities or []]} for p in policies]
    return render(
        request, "configuration/sla_policy_list.html", {"rows": rows, "may_change": may_change(request)}
    )


def _policy_page(request: HttpRequest, policy: SlaPolicy | None) -> HttpResponse:
    actor = writer(request)
    initial = SlaPolicyForm.initial_for(policy) if policy else None
    form = SlaPolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = sla_policy_save(
                actor=actor,
                policy=policy,
                fields=form.policy_fields(),
                teams=list(form.cleaned_data["teams"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("SLA policy %(name)s saved.") % {"name": saved.name})
            return redirect("configuration:sla-policy-list")
    return form_page(
        request,
        title=_("Edit SLA policy %(name)s") % {"name": policy.name} if policy else _("New SLA policy"),
        intro=_(
            "Active policies are tried by position: the first whose conditions all hold applies, else the "
            "default. Nothing ticked in a condition means any. Targets count business time."
        ),
        form=form,
        back=reverse("configuration:sla-policy-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sla_policy_create(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def sla_policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    return _policy_page(request, get_object_or_404(SlaPolicy, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def sla_policy_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    policy = get_object_or_404(SlaPolicy, pk=pk)
    return delete_page(
        request,
        title=_("Delete SLA policy %(name)s?") % {"name": policy.name},
        summary=policy.name,
        back=reverse("configuration:sla-policy-list"),
        delete=lambda: sla_policy_delete(actor=actor, policy=policy),
        done=_("SLA policy %(name)s deleted.") % {"name": policy.name},
    )


@login_required
@require_GET
def calendar_list(request: HttpRequest) -> HttpResponse:
    reader(request)
    calendars = list(
        BusinessCalendar.objects.prefetch_related(
            "hours", "holidays", Prefetch("team_links", queryset=TeamCalendar.objects.select_related("team"))
        ).order_by("name")
    )
    return render(
        request,
        "configuration/calendar_list.html",
        {"calendars": calendars, "may_change": may_change(request)},
    )


def _calendar_page(request: HttpRequest, calendar: BusinessCalendar | None) -> HttpResponse:
    actor = writer(request)
    data = request.POST if request.method == "POST" else None
    form = CalendarForm(data, initial=CalendarForm.initial_for(calendar) if calendar else None)
    hours = ShiftFormSet(
        data,
        prefix="hours",
        initial=[{"weekday": h.weekday, "start": h.start, "end": h.end} for h in calendar.hours.all()]
        if calendar
        else [],
    )
    holidays = DateFormSet(
        data,
        prefix="holidays",
        initial=[{"date": h.date, "name": h.name} for h in calendar.holidays.all()] if calendar else [],
    )
    if data is not None and form.is_valid() and hours.is_valid() and holidays.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("name", "time_zone", "always_open")}
        fields["time_zone"] = fields["time_zone"].strip()
        try:
            saved = business_calendar_save(
                actor=actor,
                calendar=calendar,
                fields=fields,
                hours=[HoursSpec(weekday=r["weekday"], start=r["start"], end=r["end"]) for r in kept(hours)],
                holidays=[DateSpec(date=r["date"], name=r["name"]) for r in kept(holidays)],
                teams=list(form.cleaned_data["teams"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Calendar %(name)s saved.") % {"name": saved.name})
            return redirect("configuration:calendar-list")
    return form_page(
        request,
        title=_("Edit calendar %(name)s") % {"name": calendar.name}
        if calendar
        else _("New business calendar"),
        intro=_(
            "The SLA clock counts only the hours a team's calendar is open, in the calendar's time zone."
        ),
        form=form,
        rows=(Rows(_("Opening hours"), hours), Rows(_("Holidays"), holidays)),
        back=reverse("configuration:calendar-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_create(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    return _calendar_page(request, get_object_or_404(BusinessCalendar, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    calendar = get_object_or_404(BusinessCalendar, pk=pk)
    return delete_page(
        request,
        title=_("Delete calendar %(name)s?") % {"name": calendar.name},
        summary=calendar.name,
        back=reverse("configuration:calendar-list"),
        delete=lambda: business_calendar_delete(actor=actor, calendar=calendar),
        done=_("Calendar %(name)s deleted.") % {"name": calendar.name},
    )
