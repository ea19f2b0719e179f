"""Teams (name, tier, languages, skills, partner flag, default), their shifts and holidays, their
members, and each agent's teams. Every write is a routing service (routing/services/config.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from configuration.forms import (
    AgentTeamsForm,
    DateFormSet,
    MemberFormSet,
    ShiftFormSet,
    TeamForm,
    TimeZoneForm,
    agents,
    kept,
)
from configuration.views.common import Rows, form_page, may_change, reader, writer
from helpdesk.errors import DomainError
from routing.models import Skill, Team, TeamMembership
from routing.rules import ShiftSpec
from routing.services import HolidaySpec, MemberSpec, TeamSeat, agent_teams_set, team_save


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    reader(request)
    teams = list(
        Team.objects.annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related("shifts", "holidays")
        .order_by("tier", "name")
    )
    return render(
        request, "configuration/team_list.html", {"teams": teams, "may_change": may_change(request)}
    )


def _team_form_page(request: HttpRequest, team: Team | None) -> HttpResponse:
    actor = writer(request)
    initial = TeamForm.initial_for(team) if team else None
    form = TeamForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = team_save(actor=actor, team=team, fields=dict(form.cleaned_data))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Team %(name)s saved.") % {"name": saved.name})
            return redirect("configuration:team-list")
    title = _("Edit team %(name)s") % {"name": team.name} if team else _("New team")
    return form_page(request, title=title, form=form, back=reverse("configuration:team-list"))


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    return _team_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writer(request)
    return _team_form_page(request, get_object_or_404(Team, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def team_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's time zone, weekly shifts and holidays, saved together: a shift is read in the zone."""
    actor = writer(request)
    team = get_object_or_404(Team, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = TimeZoneForm(data, initial={"time_zone": team.time_zone})
    shifts = ShiftFormSet(
        data,
        prefix="shifts",
        initial=[
            {"weekday": s.weekday, "start": s.start, "end": s.end}
            for s in team.shifts.order_by("weekday", "start")
        ],
    )
    holidays = DateFormSet(
        data,
        prefix="holidays",
        initial=[{"date": h.date, "name": h.name} for h in team.holidays.order_by("date")],
    )
    if data is not None and form.is_valid() and shifts.is_valid() and holidays.is_valid():
        try:
            team_save(
                actor=actor,
                team=team,
                fields={"time_zone": form.cleaned_data["time_zone"].strip()},
                shifts=[
                    ShiftSpec(weekday=r["weekday"], start=r["start"], end=r["end"]) for r in kept(shifts)
                ],
                holidays=[HolidaySpec(date=r["date"], name=r["name"]) for r in kept(holidays)],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Shifts and holidays of %(name)s saved.") % {"name": team.name})
            return redirect("configuration:team-list")
    return form_page(
        request,
        title=_("Shifts and holidays of %(name)s") % {"name": team.name},
        intro=_("A team with no shifts works around the clock. A holiday stops the shifts that start on it."),
        form=form,
        rows=(Rows(_("Weekly shifts"), shifts), Rows(_("Holidays"), holidays)),
        back=reverse("configuration:team-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_members(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    team = get_object_or_404(Team, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = forms.Form(data)  # the page holds the members' rows alone; this carries the service's word
    members = MemberFormSet(
        data,
        prefix="members",
        initial=[
            {"user": m.user_id, "is_lead": m.is_lead} for m in team.memberships.order_by("user__username")
        ],
    )
    if data is not None and members.is_valid():
        try:
            team_save(
                actor=actor,
                team=team,
                fields={},
                members=[MemberSpec(user_id=r["user"].pk, is_lead=r["is_lead"]) for r in kept(members)],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Members of %(name)s saved.") % {"name": team.name})
            return redirect("configuration:team-list")
    return form_page(
        request,
        title=_("Members of %(name)s") % {"name": team.name},
        intro=_("Routing picks a team by tier, skill and language, then an agent of the team."),
        form=form,
        rows=(Rows(_("Members"), members),),
        back=reverse("configuration:team-list"),
    )


@login_required
@require_GET
def agent_list(request: HttpRequest) -> HttpResponse:
    """Each agent with their teams, and the skills and languages those teams give them."""
    reader(request)
    people = list(
        agents().prefetch_related(
            Prefetch(
                "memberships", queryset=TeamMembership.objects.select_related("team").order_by("team__name")
            )
        )
    )
    skill_labels = dict(Skill.choices)
    rows = []
    for person in people:
        skills: dict[str, None] = {}
        languages: dict[str, None] = {}
        every_language = False
        for membership in person.memberships.all():
            skills.update(dict.fromkeys(str(skill_labels.get(s, s)) for s in membership.team.skills))
            languages.update(dict.fromkeys(membership.team.languages))
            every_language = every_language or not membership.team.languages
        rows.append(
            {
                "person": person,
                "memberships": list(person.memberships.all()),
                "skills": list(skills),
                "languages": sorted(languages),
                "every_language": every_language,
            }
        )
    return render(request, "configuration/agent_list.html", {"rows": rows, "may_change": may_change(request)})


@login_required
@require_http_methods(["GET", "POST"])
def agent_teams(request: HttpRequest, pk: int) -> HttpResponse:
    actor = writer(request)
    person = get_object_or_404(agents(), pk=pk)
    memberships = list(person.memberships.select_related("team"))
    initial = {"teams": [m.team for m in memberships], "lead_of": [m.team for m in memberships if m.is_lead]}
    form = AgentTeamsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        leads = set(form.cleaned_data["lead_of"])
        try:
            agent_teams_set(
                actor=actor,
                agent=person,
                teams=[TeamSeat(team_id=t.pk, is_lead=t in leads) for t in form.cleaned_data["teams"]],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Teams of %(name)s saved.") % {"name": person})
            return redirect("configuration:agent-list")
    return form_page(
        request,
        title=_("Teams of %(name)s") % {"name": person},
        intro=_("An agent's skills and languages are those of their teams."),
        form=form,
        back=reverse("configuration:agent-list"),
    )
