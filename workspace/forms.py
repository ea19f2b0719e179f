"""Forms of the agent workspace. They parse and validate input; the views call the services."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from customers.access import is_partner_agent
from customers.models import Customer
from customfields.forms import PREFIX as CUSTOM_PREFIX
from customfields.forms import TicketFieldsForm
from helpdesk.parsing import INT_MAX
from macros.access import macros_visible_to
from routing.access import assignable_teams
from routing.models import Presence
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


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Write"),
        choices=[(EntryKind.AGENT_REPLY, _("Public reply")), (EntryKind.INTERNAL_NOTE, _("Internal note"))],
        initial=EntryKind.AGENT_REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}))
    # Set by the "Send as <status>" buttons (name="status"); plain "Send" posts none.
    status = forms.ChoiceField(label=_("Send as"), required=False)
    attachments = MultipleFileField(label=_("Attachments"))
    # The macro inserted in the composer whose actions the agent kept ticked: they run with the send.
    macro = forms.IntegerField(required=False, min_value=1, max_value=INT_MAX, widget=forms.HiddenInput)
    # The last timeline entry on the agent's page: a reply over newer words is refused (docs/collision.md).
    seen = forms.IntegerField(required=False, min_value=0, max_value=INT_MAX, widget=forms.HiddenInput)

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
        if cleaned.get("macro") is not None:
            macro = macros_visible_to(self.user).filter(is_active=True, pk=cleaned["macro"]).first()
            if macro is None:
                self.add_error("macro", _("That macro is not one you may use."))
            cleaned["macro"] = macro
        return cleaned


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_tier_display()})"


class ListedSelect(forms.Select):
    """A select that asks nothing of its choices before listing them: Django's looks at the first one
    to decide on `required`, one more statement for a list from the database without an empty choice."""

    def use_required_attribute(self, initial: Any) -> bool:
        return False


TAG_SEPARATORS = re.compile(r"[,\s]+")


def _split_tags(value: str) -> list[str]:
    return [t for t in TAG_SEPARATORS.split(value or "") if t]


class PropertiesForm(forms.Form):
    """The ticket page's properties panel: one form, one Save (workspace.services.ticket_properties_save).

    Each field posts the value the agent saw next to the one they chose (`show_hidden_initial`), so
    `changes()` holds what this agent changed, and a field someone else changed meanwhile, which this
    agent left alone, is not written back. A field left out of the request is not changed either.
    """

    status = forms.ChoiceField(label=_("Status"), required=False, show_hidden_initial=True)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, required=False, show_hidden_initial=True
    )
    team = TeamChoiceField(
        label=_("Team"),
        queryset=assignable_teams(),
        widget=ListedSelect,
        required=False,
        empty_label=_("No team"),
        show_hidden_initial=True,
    )
    assignee = AgentChoiceField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody"),
        show_hidden_initial=True,
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, required=False, show_hidden_initial=True
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        show_hidden_initial=True,
        help_text=_("Separate tags with commas or spaces."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=250, required=False, show_hidden_initial=True)
    handover_note = forms.CharField(
        label=_("Note for the new team"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept as an internal note when the team changes."),
    )
    # Required when changed: an empty value here is no value the ticket can take.
    NOT_EMPTY = ("status", "priority", "category", "subject")

    def __init__(self, *args: Any, ticket: Ticket, user: Any, tags: list[str], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": ticket.status,
                "priority": ticket.priority,
                "team": ticket.team_id,
                "assignee": ticket.assignee_id,
                "category": ticket.category,
                "tags": ", ".join(tags),
                "subject": ticket.subject,
            },
        )
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        # The current status first, then the moves it may make (closing is the sweep's or a solved one's).
        allowed = TRANSITIONS[ticket.status]
        _set_choices(self, "status", [c for c in Status.choices if c[0] == ticket.status or c[0] in allowed])
        if ticket.team_id is not None:
            # A case always belongs to a team: "No team" would take it off every board.
            team = self.fields["team"]
            assert isinstance(team, forms.ModelChoiceField)
            team.empty_label = None
        # Partner agents hand cases only to their own colleagues (tickets.access.assignable_agents); the
        # current assignee stays selectable, or saving another field would unassign the ticket.
        allowed_agents = assignable_agents(user).values("pk")
        field = self.fields["assignee"]
        assert isinstance(field, AgentChoiceField)
        field.queryset = User.objects.filter(Q(pk__in=allowed_agents) | Q(pk=ticket.assignee_id)).order_by(
            "first_name", "last_name", "username"
        )
        # The ticket's custom fields join the panel's form (named cf_<key>), saved by the same Save.
        self.custom = TicketFieldsForm(self.data if self.is_bound else None, ticket=ticket, user=user)
        for custom_field in self.custom.fields.values():
            custom_field.show_hidden_initial = True

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.custom.is_valid() and valid

    def clean_tags(self) -> list[str]:
        return _split_tags(self.cleaned_data["tags"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        changed = set(self.changed_data)
        for name in self.NOT_EMPTY:
            if name in changed and name in cleaned and cleaned[name] in ("", None):
                self.add_error(name, _("This field is required."))
        if "team" in changed and cleaned.get("team") is None and self.ticket.team_id is not None:
            self.add_error("team", _("A ticket always belongs to a team: choose another team instead."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """What the agent changed, as the service takes it (call after `is_valid()`)."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in self.cleaned_data and name != "handover_note"
        }

    def custom_changes(self) -> dict[str, Any]:
        """The custom fields the agent changed, key -> value (call after `is_valid()`)."""
        return {
            name.removeprefix(CUSTOM_PREFIX): self.custom.cleaned_data.get(name)
            for name in self.custom.changed_data
        }


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


class PresenceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)
