"""Forms of the agent workspace. They parse and validate input; the views call the services."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from customers.access import is_partner_agent
from customers.models import Customer
from routing.access import assignable_teams
from routing.models import Presence, Tier
from tickets.access import assignable_agents, customers_visible_to
from tickets.attachments import IncomingFile
from tickets.models import (
    TRANSITIONS,
    UNRESOLVED,
    Category,
    Channel,
    EntryKind,
    Priority,
    Status,
    Ticket,
)
from tickets.querysets import TicketQuerySet
from tickets.services import MAX_BODY

QUEUES = (
    ("mine", _("Mine")),
    ("team", _("My teams")),
    ("unassigned", _("Unassigned")),
    ("vip", _("VIP")),
    ("breaching", _("Breaching soon")),
    ("all", _("All tickets")),
)
# Channels an agent logs by hand; chats and API tickets arrive by themselves.
LOGGED_CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.SOCIAL, Channel.WEB)


def _blank(label: Any) -> list[tuple[Any, Any]]:
    return [("", label)]


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked against the size limit before it is read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items]
        if len(files) > settings.HELPDESK_ATTACHMENTS_PER_ENTRY:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": settings.HELPDESK_ATTACHMENTS_PER_ENTRY}
            )
        limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
        for f in files:
            if f.size is not None and f.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(limit)s.") % {"name": f.name, "limit": filesizeformat(limit)}
                )
        return files


def incoming_files(files: list[UploadedFile]) -> list[IncomingFile]:
    return [
        IncomingFile(filename=f.name or "attachment", content=f.read(), declared_type=f.content_type or "")
        for f in files
    ]


class QueueFilterForm(forms.Form):
    queue = forms.ChoiceField(label=_("Queue"), choices=QUEUES, required=False)
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=_blank(_("Any priority")) + Priority.choices, coerce=int, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_blank(_("Any channel")) + Channel.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=_blank(_("Any category")) + Category.choices, required=False
    )
    before = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every queue but "all" holds unresolved tickets only; offer only statuses it can contain.
        statuses = (
            Status.choices if self.queue_name == "all" else [c for c in Status.choices if c[0] in UNRESOLVED]
        )
        _set_choices(self, "status", _blank(_("Any status")) + statuses)

    @property
    def queue_name(self) -> str:
        name = self.data.get("queue") or "mine"
        return name if name in dict(QUEUES) else "mine"

    def apply(self, tickets: TicketQuerySet) -> TicketQuerySet:
        """Narrow a queue by the filters that validated; an invalid filter is ignored, not fatal."""
        data = self.cleaned_data if self.is_valid() else {}
        for field in ("status", "priority", "channel", "category"):
            if data.get(field) not in (None, ""):
                tickets = tickets.filter(**{field: data[field]})
        if text := data.get("q", "").strip():
            # Contact details match only in full: the search must not become a way to read them.
            tickets = tickets.filter(
                Q(subject__icontains=text)
                | Q(customer__external_id__iexact=text)
                | Q(customer__name__icontains=text)
                | Q(customer__email__iexact=text)
            )
        if data.get("before"):
            tickets = tickets.filter(pk__lt=data["before"])
        return tickets


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Write"),
        choices=[(EntryKind.AGENT_REPLY, _("Public reply")), (EntryKind.INTERNAL_NOTE, _("Internal note"))],
        initial=EntryKind.AGENT_REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}))
    status = forms.ChoiceField(label=_("Then set the status to"), required=False)
    attachments = MultipleFileField(label=_("Attachments"))
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, ticket: Ticket, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.user = user
        if ticket.status == Status.CLOSED:
            # A closed ticket takes no more replies (a follow-up is a new ticket), but notes still help.
            _set_choices(self, "kind", [(EntryKind.INTERNAL_NOTE, _("Internal note"))])
            self.fields["kind"].initial = EntryKind.INTERNAL_NOTE
        allowed = TRANSITIONS[ticket.status] - {Status.CLOSED}
        _set_choices(
            self, "status", _blank(_("Keep the status")) + [c for c in Status.choices if c[0] in allowed]
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == EntryKind.INTERNAL_NOTE and cleaned.get("status"):
            self.add_error(
                "status", _("A note leaves the status as it is; change it with the status control.")
            )
        seen = cleaned.get("seen")
        if seen is not None:
            newer = (
                self.ticket.entries.filter(pk__gt=seen)
                .exclude(kind=EntryKind.SYSTEM_EVENT)
                .exclude(author=self.user)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
            if newer is not None:
                # The page shows the new messages with the draft kept; sending again goes through.
                if isinstance(self.data, QueryDict):
                    self.data = self.data.copy()
                    self.data["seen"] = str(newer)
                raise forms.ValidationError(
                    _("New messages arrived while you were writing. Read them, then send again."),
                    code="stale",
                )
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[ticket.status]
        _set_choices(self, "status", [c for c in Status.choices if c[0] in allowed])


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AssignForm(forms.Form):
    assignee = AgentChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=assignable_teams(), required=False, empty_label=_("No team")
    )

    def __init__(self, *args: Any, ticket: Ticket, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assignee": ticket.assignee_id, "team": ticket.team_id})
        super().__init__(*args, **kwargs)
        if ticket.team_id is not None:
            # A case always belongs to a team: "No team" would take it off every board.
            team = self.fields["team"]
            assert isinstance(team, forms.ModelChoiceField)
            team.required, team.empty_label = True, None
        # The current assignee stays selectable, or saving the team alone would unassign the ticket.
        allowed = assignable_agents(user).values("pk")
        field = self.fields["assignee"]
        assert isinstance(field, AgentChoiceField)
        field.queryset = User.objects.filter(Q(pk__in=allowed) | Q(pk=ticket.assignee_id)).order_by(
            "first_name", "last_name", "username"
        )


def _language_choices(current: str = "") -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = list(settings.LANGUAGES)
    if current and current not in dict(choices):
        choices.append((current, current))
    return choices


class TicketUpdateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=250)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    tier = forms.TypedChoiceField(label=_("Tier"), choices=Tier.choices, coerce=int)
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(ticket, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)
        _set_choices(self, "language", _language_choices(ticket.language))


TAG_SEPARATORS = re.compile(r"[,\s]+")


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        help_text=_("Separate tags with commas or spaces."),
    )

    def clean_tags(self) -> list[str]:
        return [t for t in TAG_SEPARATORS.split(self.cleaned_data["tags"]) if t]


class TicketCreateForm(forms.Form):
    customer = forms.CharField(
        label=_("Customer"), max_length=64, help_text=_("The customer's user id at the exchange.")
    )
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(
        label=_("What the customer said"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8})
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in LOGGED_CHANNELS], initial=Channel.PHONE
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=assignable_teams(), required=False, empty_label=_("No team")
    )
    assign_to_me = forms.BooleanField(label=_("Assign it to me"), required=False, initial=True)
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_customer(self) -> Customer:
        external_id = self.cleaned_data["customer"].strip()
        customer = customers_visible_to(self.user).filter(external_id=external_id).first()
        if customer is None:
            raise forms.ValidationError(_("No customer you can see has this user id."))
        return customer

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        team = cleaned.get("team")
        keeps_sight = cleaned.get("assign_to_me") or (
            team is not None and self.user.teams.filter(pk=team.pk).exists()
        )
        if is_partner_agent(self.user) and not keeps_sight:
            raise forms.ValidationError(
                _("Assign the ticket to yourself or to one of your teams; otherwise you could not see it.")
            )
        return cleaned


class EscalateForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the next tier"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_tier_display()})"


class TransferForm(forms.Form):
    team = TeamChoiceField(label=_("Team"), queryset=assignable_teams(), empty_label=_("Choose a team"))
    note = forms.CharField(
        label=_("Note for the team"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PresenceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)
