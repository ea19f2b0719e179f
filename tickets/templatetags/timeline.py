"""How timeline entries read on the agent's screen.

Bodies are stored exactly as received; everything a customer sends is sanitised here, at the moment
it becomes HTML, so a change to these rules applies to old messages too.
"""

from typing import Any

import nh3
from django import template
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from customers.contacts import MASKED, ContactMask
from tickets.models import BodyFormat, Category, EntryKind, Priority, Status, Ticket, Tier, TimelineEntry

register = template.Library()

# No <img>: a remote image in an email would tell its sender when, and from which address, an agent
# read it; inline data images could smuggle a fake "official" QR code or wallet address.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan"}, "th": {"colspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Markup a browser may show an agent: no scripts, styles, images, forms or event handlers, and
    links that give the target site neither the referrer nor control of the agent's tab."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@register.filter
def render_body(entry: TimelineEntry) -> SafeString:
    if entry.body_format == BodyFormat.HTML:
        return mark_safe(sanitize_html(entry.body))  # noqa: S308 - sanitised just above
    return mark_safe(linebreaks(escape(entry.body)))  # noqa: S308 - escaped just above


@register.filter
def entry_author(entry: TimelineEntry) -> str:
    if entry.author is not None:
        return entry.author.display_name
    if entry.kind == EntryKind.CUSTOMER_MESSAGE and entry.customer is not None:
        return str(entry.customer)
    if entry.kind == EntryKind.AGENT_REPLY and (entry.data or {}).get("email", {}).get("outside_helpdesk"):
        return _("Support mailbox (outside the helpdesk)")
    if entry.kind == EntryKind.HELD_MESSAGE:
        return _("Unknown sender")
    if str((entry.data or {}).get("event", "")).startswith("tier0_"):
        return _("Tier 0")
    return _("System")


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _mask(value: Any) -> ContactMask:
    """The page's ContactMask (customers.contacts decides it per viewer); masked when there is none."""
    return value if isinstance(value, ContactMask) else MASKED


def _language(code: Any) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


_FIELD_LABELS: dict[str, Any] = {
    "priority": Priority,
    "category": Category,
    "tier": Tier,
    "status": Status,
}


# How routing found the assignee, as the `how` of an "assigned" event.
_ASSIGNED_HOW = {
    "push": _lazy("automatically"),
    "get_next": _lazy("get next"),
    "account_manager": _lazy("account manager"),
}


_SLA_TARGETS = {
    "first_response": _lazy("first response"),
    "next_response": _lazy("next response"),
    "resolution": _lazy("resolution"),
}


def _sla_target(value: Any) -> str:
    return str(_SLA_TARGETS.get(str(value), str(value or "").replace("_", " ")))


@register.filter
def event_summary(entry: TimelineEntry, mask: Any = None) -> str:
    """A system event as the second half of a sentence whose subject is `entry_author`; addresses in
    it as the viewer may see them (`mask`, a ContactMask)."""
    data = _mask(mask).entry_data(entry.data)
    event = str(data.get("event", ""))
    if event == "status_changed":
        return _("changed the status from %(from)s to %(to)s") % {
            "from": _label(Status, data.get("from")),
            "to": _label(Status, data.get("to")),
        }
    if event == "reopened":
        return _("reopened the ticket")
    if event == "assigned":
        how = _ASSIGNED_HOW.get(str(data.get("how", "")))
        sentence = _("assigned the ticket to %(name)s") % {"name": data.get("to_name", "")}
        return f"{sentence} ({how})" if how else sentence
    if event == "routed":
        if data.get("team_name"):
            return _("routed the ticket to %(team)s") % {"team": data["team_name"]}
        return _("routed the ticket")
    if event == "transferred":
        return _("transferred the ticket to %(team)s") % {"team": data.get("to_name", "")}
    if event == "overflowed":
        return _("moved the ticket to %(team)s, on shift, as nobody was free within the wait target") % {
            "team": data.get("to_name", "")
        }
    if event == "escalated":
        return _("escalated the ticket to %(team)s, %(tier)s") % {
            "team": data.get("to_name", ""),
            "tier": _label(Tier, data.get("tier")),
        }
    if event == "unassigned":
        return _("unassigned the ticket")
    if event == "sla_warning":
        return _("warned that the %(target)s target is close") % {"target": _sla_target(data.get("target"))}
    if event == "sla_breached":
        targets = ", ".join(_sla_target(t) for t in data.get("targets") or [])
        return _("recorded a breach of the %(targets)s target") % {"targets": targets}
    if event == "executive_escalation":
        return _("escalated the case to the executive tier after %(days)s days unresolved") % {
            "days": data.get("days", "")
        }
    if event == "email_bounced":
        detail = data.get("diagnostic") or data.get("status") or ""
        sentence = _("recorded that the email reply to %(to)s bounced") % {"to": _addresses(data.get("to"))}
        return f"{sentence}: {detail}" if detail else sentence
    if event == "email_failed":
        return _("could not send the email reply to %(to)s: %(error)s") % {
            "to": _addresses(data.get("to")),
            "error": data.get("error", ""),
        }
    # Messaging channels (messaging/): a reply the provider refused, a contact's consent, an identity.
    if event == "channel_message_failed":
        return _("could not send the reply through %(channel)s: %(error)s") % {
            "channel": data.get("kind") or _("the channel"),
            "error": data.get("error", ""),
        }
    if event == "channel_opted_out":
        return _("recorded that the customer opted out of messages (STOP)")
    if event == "channel_opted_in":
        return _("recorded that the customer opted in to messages again (START)")
    if event == "contact_linked":
        return _("linked the channel contact to the customer")
    if event == "email_not_sent":
        return _("did not send the reply by email: %(reason)s") % {"reason": data.get("reason", "")}
    if event == "email_copy_added":
        return _("put %(to)s in copy of the email conversation") % {"to": _addresses(data.get("to"))}
    if event == "email_acknowledged":
        return _("sent %(to)s an acknowledgement with the ticket reference") % {
            "to": _addresses(data.get("to"))
        }
    if event == "email_acknowledgement_skipped":
        return _("sent no acknowledgement: too many to this address in the last hour")
    if event == "attachments_refused":
        files = ", ".join(f"{f.get('filename')} ({f.get('reason')})" for f in data.get("files") or [])
        return _("refused attachments of the email: %(files)s") % {"files": files}
    if event == "follow_up":
        return _("opened this ticket as a follow-up of the closed %(reference)s") % {
            "reference": data.get("of_reference", "")
        }
    if event == "team_changed":
        if data.get("to_name"):
            return _("moved the ticket to %(team)s") % {"team": data["to_name"]}
        return _("took the ticket out of its team")
    if event == "tags_changed":
        if not data.get("to"):
            return _("removed every tag")
        return _("set the tags to %(tags)s") % {"tags": ", ".join(data["to"])}
    if event == "merged_into":
        return _("merged this ticket into %(reference)s") % {"reference": data.get("to_reference", "")}
    if event == "merged_from":
        return _("merged %(reference)s into this ticket") % {"reference": data.get("from_reference", "")}
    if event == "linked":
        return _("linked this ticket to %(reference)s") % {"reference": data.get("to_reference", "")}
    if event == "unlinked":
        return _("unlinked this ticket from %(reference)s") % {"reference": data.get("to_reference", "")}
    if event == "incident_linked":
        reason = str(data.get("reason") or "")
        sentence = _("linked the ticket to the incident “%(title)s”") % {"title": data.get("title", "")}
        return f"{sentence} ({reason})" if reason else sentence
    if event == "incident_unlinked":
        return _("unlinked the ticket from the incident “%(title)s”") % {"title": data.get("title", "")}
    if event == "incident_match_failed":
        return _("could not match the message against the active incidents; link it by hand if needed")
    if event.startswith("tier0_"):
        return _tier0_summary(event, data)
    if event.startswith("approval_"):
        return _approval_summary(event, data)
    if event == "risk_assessed":
        # approvals.risk writes it when the level moves; the facts are on the risk banner.
        return _("assessed the account-takeover risk as %(level)s (score %(score)s, was %(previous)s)") % {
            "level": _RISK_LEVELS.get(str(data.get("level", "")), data.get("level", "")),
            "score": data.get("score", ""),
            "previous": _RISK_LEVELS.get(str(data.get("previous", "")), data.get("previous", "")),
        }
    if event == "secret_redacted":
        kinds = ", ".join(str(_SECRET_KINDS.get(str(k), k)) for k in data.get("kinds") or [])
        sentence = _(
            "removed what the customer pasted (%(kinds)s) before storing the message and warned them"
        )
        return sentence % {"kinds": kinds}
    if event.startswith("language_") and (sentence := _language_summary(event, data)):
        return sentence
    if event.endswith("_changed"):
        field = event.removesuffix("_changed")
        choices = _FIELD_LABELS.get(field)
        if choices is not None:
            before, after = _label(choices, data.get("from")), _label(choices, data.get("to"))
        elif field == "language":
            before, after = _language(data.get("from")), _language(data.get("to"))
        else:
            before, after = str(data.get("from", "")), str(data.get("to", ""))
        try:
            name = str(getattr(Ticket._meta.get_field(field), "verbose_name", field))
        except FieldDoesNotExist:
            name = field
        return _("changed the %(field)s from “%(from)s” to “%(to)s”") % {
            "field": name,
            "from": before,
            "to": after,
        }
    return event.replace("_", " ")


def _language_summary(event: str, data: dict[str, Any]) -> str:
    """The ticket's language: detected, pinned by an agent, or routed for (intake/language.py)."""
    if event == "language_changed" and data.get("how") == "detected":
        return _(
            "changed the language from “%(from)s” to “%(to)s”, as the customer writes (%(sure)s%% sure)"
        ) % {
            "from": _language(data.get("from")),
            "to": _language(data.get("to")),
            "sure": round(float(data.get("confidence") or 0) * 100),
        }
    if event == "language_pinned":
        return _("pinned the language to “%(language)s”: detection leaves it alone") % {
            "language": _language(data.get("language"))
        }
    if event == "language_unpinned":
        return _("unpinned the language: the customer's messages set it again")
    if event == "language_rerouted":
        return _("moved the ticket to %(team)s, whose agents speak its language") % {
            "team": data.get("to_name", "")
        }
    if event == "language_unspoken":
        return _("found nobody on shift who speaks %(language)s; the case is with %(team)s") % {
            "language": _language(data.get("language")),
            "team": data.get("team_name", ""),
        }
    return ""


_TIER0_OUTCOMES = {
    "solved": _lazy("recorded that the customer said the answer solved it"),
    "person": _lazy("recorded that the customer asked for a person"),
    "came_back": _lazy("recorded that the customer wrote again after the answer"),
    "agent": _lazy("stayed silent: an agent took the case over"),
}


def _intent(value: Any) -> str:
    return str(value or "").replace("_", " ")


def _tier0_summary(event: str, data: dict[str, Any]) -> str:
    """Tier 0's events (assistant.services), whose author reads "Tier 0" unless an agent acted."""
    if event == "tier0_assessed":
        values = {"intent": _intent(data.get("intent")), "why": data.get("why", "")}
        if data.get("decision") == "answer":
            sentence = _("read the message as “%(intent)s” and answered it") % values
        else:
            sentence = _("read the message as “%(intent)s” and handed it to a person") % values
        return f"{sentence}: {values['why']}" if values["why"] else sentence
    if event == "tier0_skipped":
        reason = str(data.get("why") or "")
        sentence = _("did not read the message; the case was routed without it")
        return f"{sentence}: {reason}" if reason else sentence
    if event == "tier0_outcome":
        return str(_TIER0_OUTCOMES.get(str(data.get("outcome", "")), data.get("outcome", "")))
    if event == "tier0_answer_not_sent":
        reason = str(data.get("reason") or "")
        sentence = _("did not send its answer, and a person takes the case")
        return f"{sentence}: {reason}" if reason else sentence
    if event == "tier0_person_requested":
        return _("the customer asked for a person, and the case went to the agents")
    if event == "tier0_corrected":
        return _("corrected tier 0's reading from “%(before)s” to “%(after)s”") % {
            "before": _intent(data.get("before")),
            "after": _intent(data.get("after")),
        }
    return event.replace("_", " ")


_APPROVAL_ACTIONS = {
    "unlock_withdrawals": _lazy("unlocking withdrawals"),
    "reset_2fa": _lazy("a reset of two-factor authentication"),
    "change_email": _lazy("a change of the primary email"),
    "revoke_api_keys": _lazy("revoking the API keys"),
    "raise_withdrawal_limit": _lazy("raising the withdrawal limit"),
}
_RISK_LEVELS = {"low": _lazy("low"), "medium": _lazy("medium"), "high": _lazy("high")}
# approvals.redaction's kinds of secret.
_SECRET_KINDS = {
    "seed phrase": _lazy("a recovery phrase"),
    "private key": _lazy("a private key"),
    "one-time code": _lazy("a one-time code"),
    "password": _lazy("a password"),
}


def _approval_summary(event: str, data: dict[str, Any]) -> str:
    """Two-person approval's events (approvals.services); `request` is the request's id, `action` its
    kind, `risk` the level assessed when it was made."""
    action = str(_APPROVAL_ACTIONS.get(str(data.get("action", "")), _intent(data.get("action"))))
    values = {"action": action, "request": data.get("request", "")}
    note = str(data.get("note") or "")
    if event == "approval_requested":
        risk = _RISK_LEVELS.get(str(data.get("risk", "")))
        sentence = _("requested approval for %(action)s (request %(request)s)") % values
        return _("%(sentence)s; risk %(risk)s") % {"sentence": sentence, "risk": risk} if risk else sentence
    if event == "approval_approved":
        if data.get("status") == "approved":
            sentence = _("approved %(action)s (request %(request)s); it runs on the exchange next") % values
        else:
            sentence = _("approved %(action)s (request %(request)s); another approval is needed") % values
    elif event == "approval_rejected":
        sentence = _("rejected %(action)s (request %(request)s)") % values
    elif event == "approval_cancelled":
        sentence = _("cancelled the request for %(action)s (request %(request)s)") % values
    elif event == "approval_expired":
        sentence = (
            _("closed the request for %(action)s (request %(request)s): nobody decided in time") % values
        )
    elif event == "approval_executed":
        sentence = _("carried out %(action)s on the exchange (request %(request)s)") % values
    elif event == "approval_failed":
        sentence = _("could not carry out %(action)s on the exchange (request %(request)s): %(error)s") % {
            **values,
            "error": data.get("error", ""),
        }
    elif event == "approval_retrying":
        sentence = _("will try %(action)s on the exchange again after attempt %(attempt)s: %(error)s") % {
            **values,
            "attempt": data.get("attempt", data.get("attempts", "")),
            "error": data.get("error", ""),
        }
    else:
        return event.replace("_", " ")
    return f"{sentence}: {note}" if note else sentence


def _addresses(values: Any) -> str:
    """Addresses already passed through the viewer's ContactMask, as a list in a sentence."""
    items = values if isinstance(values, list) else [values]
    return ", ".join(str(a) for a in items if a)


@register.filter
def email_header(entry: TimelineEntry, mask: Any = None) -> str:
    """Who an email came from and who was in copy, as the viewer may see them (`mask`, a ContactMask),
    for the entry's header line."""
    mail = _mask(mask).entry_data(entry.data).get("email") or {}
    if not mail:
        return ""
    sender = str(mail.get("from", ""))
    copied = [str(c) for c in mail.get("cc") or []]
    line = _("from %(sender)s") % {"sender": sender} if sender else ""
    if sender and copied:
        line = _("from %(sender)s, copying %(cc)s") % {"sender": sender, "cc": ", ".join(copied)}
    if mail.get("reply_to"):
        asked = _("asks for the answer at %(address)s") % {"address": mail["reply_to"]}
        line = f"{line} · {asked}" if line else asked
    if mail.get("spoofing_suspected"):
        line += " · " + _("the sender's domain did not send this (%(checks)s): the From may be forged") % {
            "checks": ", ".join(f"{k}={v}" for k, v in sorted((mail.get("auth") or {}).items()))
        }
    return line


@register.filter
def language_name(code: str) -> str:
    return _language(code)
