"""Pages of live chat: the agent console (its frame, waiting list and customer context) and the demo
exchange page that embeds the customer widget exactly as an exchange would.

The console's live part is static/livechat/console.js over the agent websocket; these views only
render what the page starts from.
"""

import time
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from customers.models import VipLevel
from livechat.access import conversation_for_agent
from livechat.identity import identity_sign
from livechat.models import QUEUED, Conversation, ConversationStatus
from routing.access import assignable_teams
from routing.models import AgentStatus
from routing.services import agent_capacity
from tickets.models import Category, Ticket

# The languages the widget speaks: every language of the helpdesk (its words are in the customer
# catalogues, locale_customer/).
WIDGET_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
WAITING_SHOWN = 50
DEMO_CUSTOMER = {
    "sub": "EX-DEMO-VIP",
    "name": "Vera Lindqvist",
    "email": "vera.lindqvist@mail.example",
    "vip_level": "vip2",
    "kyc_status": "verified",
}


def topic_label(code: str) -> str:
    """The widget's topics are ticket categories; anything else is shown as the visitor gave it."""
    return str(Category(code).label) if code in Category.values else code


def console_strings() -> dict[str, str]:
    """The console script's words, translated here so they go through the project's catalogue."""
    return {
        "accept": _("Accept"),
        "accept_queued": _("Not connected: the chat is accepted as soon as the connection is back."),
        "accept_named": _("Accept the chat with %(name)s, %(n)s seconds left"),
        "decline": _("Decline"),
        "decline_named": _("Decline the chat with %(name)s"),
        "another_agent": _("Another agent"),
        "at_capacity": _("You are at your chat capacity. End a chat before taking another."),
        "attachment": _("Attachment"),
        "capacity": _("%(used)s of %(capacity)s chats"),
        "close_column": _("Close"),
        "connected": _("Connected"),
        "customer": _("Customer"),
        "customer_typing": _("%(name)s is typing…"),
        "end": _("End chat"),
        "end_confirm": _("End this chat? The customer is asked to rate it."),
        "error": _("That did not work. Please try again."),
        "internal_note": _("Internal note"),
        "loading": _("Loading…"),
        "message": _("Message"),
        "messages": _("Messages"),
        "note": _("Internal note"),
        "note_hint": _("Only agents see internal notes."),
        "offline": _("Offline: replies are sent when the connection is back."),
        "other_agent_typing": _("%(name)s is also typing in this chat."),
        "queued": _("Waiting for connection…"),
        "read": _("Read"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "seconds_left": _("%(n)s s"),
        "send": _("Send"),
        "not_sent": _("Not sent"),
        "send_hint": _("Enter sends, Shift+Enter adds a line"),
        "signed_out": _("You are signed out. Sign in again to keep chatting."),
        "sending": _("Sending…"),
        "status_active": _("Active"),
        "status_ended": _("Ended"),
        "status_offered": _("Offered"),
        "status_waiting": _("Waiting"),
        "taken_by": _("With %(name)s"),
        "title_chat": _("New chat"),
        "sla.warned": _("SLA warning on %(reference)s: %(subject)s"),
        "sla.breached": _("SLA breached on %(reference)s: %(subject)s"),
        "sla.escalated": _("Escalated to the executive tier: %(reference)s %(subject)s"),
        "title_message": _("New message"),
        "transfer": _("Transfer"),
        "transfer_do": _("Transfer chat"),
        "transfer_note": _("Note for the next agent"),
        "transfer_team": _("Team"),
        "unverified": _("Unverified"),
        "visitor": _("Visitor"),
        "waited": _("waited %(time)s"),
    }


def console_chat(conversation: Conversation) -> dict[str, Any]:
    """What a column starts from; its messages arrive over the websocket."""
    customer = conversation.ticket.customer
    return {
        "conversation": conversation.pk,
        "ticket": conversation.ticket.reference,
        "customer": str(customer),
        "verified": conversation.is_verified,
        "vip_level": customer.vip_level,
        "vip_label": str(customer.get_vip_level_display()),
        "topic": conversation.topic,
        "topic_label": topic_label(conversation.topic),
        "language": conversation.language,
        "status": conversation.status,
    }


@login_required
@require_GET
@never_cache
def console(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # signed in: login_required
    status = AgentStatus.objects.filter(user=user).first()
    mine = (
        Conversation.objects.filter(status=ConversationStatus.ACTIVE, ticket__assignee=user)
        .select_related("ticket__customer")
        .order_by("accepted_at", "id")
    )
    context = {
        "capacity": agent_capacity(user, status).chats,
        "chats": [console_chat(c) for c in mine],
        "teams": [{"id": t.pk, "name": t.name} for t in assignable_teams()],
        "strings": console_strings(),
        "labels": {"vip": dict(VipLevel.choices), "topic": dict(Category.choices)},
        "me_name": user.first_name or user.get_username(),
    }
    return render(request, "livechat/console.html", context)


@login_required
@require_GET
@never_cache
def console_waiting(request: HttpRequest) -> HttpResponse:
    """The queued chats this agent may see, most urgent first; the console polls it."""
    now = timezone.now()
    waiting = list(
        Conversation.objects.filter(status__in=QUEUED, ticket__in=Ticket.objects.visible_to(request.user))
        .select_related("ticket__customer", "ticket__team")
        .order_by("-ticket__priority", "-ticket__vip_rank", "id")[:WAITING_SHOWN]
    )
    rows = [
        {
            "chat": console_chat(c),
            "conversation": c,
            "waited_seconds": max(0, int((now - c.created_at).total_seconds())),
        }
        for c in waiting
    ]
    return render(request, "livechat/console_waiting.html", {"rows": rows})


@login_required
@require_GET
def conversation_context(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer beside a chat: status at the exchange, flags and recent tickets."""
    conversation = conversation_for_agent(request.user, pk)
    ticket = conversation.ticket
    other_tickets = (
        Ticket.objects.visible_to(request.user)
        .filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .order_by("-id")[:5]
    )
    context = {
        "conversation": conversation,
        "ticket": ticket,
        "customer": ticket.customer,
        "topic": topic_label(conversation.topic),
        "other_tickets": other_tickets,
    }
    return render(request, "livechat/conversation_context.html", context)


@require_GET
@never_cache
def demo(request: HttpRequest) -> HttpResponse:
    """A mock exchange page with the widget embedded, signed in as a demo VIP unless `?as=guest`.

    It signs with the real secret, so it exists only outside production.
    """
    if getattr(settings, "PRODUCTION", False):
        raise Http404("No demo in production")
    language = request.GET.get("lang", "en")
    if language not in WIDGET_LANGUAGES:
        language = "en"
    guest = request.GET.get("as") == "guest"
    identity = ""
    if not guest:
        identity = identity_sign({**DEMO_CUSTOMER, "language": language, "exp": int(time.time()) + 3600})
    context = {
        "guest": guest,
        "identity": identity,
        "language": language,
        "languages": WIDGET_LANGUAGES,
        "customer": DEMO_CUSTOMER,
        "helpdesk": request.build_absolute_uri("/").rstrip("/"),
        "widget_src": request.build_absolute_uri(static("livechat/widget.js")),
    }
    return render(request, "livechat/demo.html", context)
