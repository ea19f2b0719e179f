from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from customers.models import mask_email
from helpdesk.busy import Busy, busy_refused
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id, parse_int
from mail.access import check_mail_admin, thread_widenable
from mail.models import InboundMessage, InboundStatus
from mail.services import inbound_reprocess
from mail.services.threads import thread_copy_add
from tickets.access import ticket_for_agent
from tickets.models import TimelineEntry

PAGE = 50


@login_required
@require_GET
def inbound_list(request: HttpRequest) -> HttpResponse:
    """Quarantined mail first: what needs an admin. Keyset pages by id, no COUNT."""
    check_mail_admin(request.user)
    status = request.GET.get("status", InboundStatus.QUARANTINED)
    if status not in InboundStatus.values:
        status = InboundStatus.QUARANTINED
    rows = InboundMessage.objects.filter(status=status).defer("raw").select_related("mailbox", "ticket")
    before = parse_id(request.GET.get("before"))
    if before is not None:
        rows = rows.filter(pk__lt=before)
    page = list(rows.order_by("-id")[: PAGE + 1])
    context = {
        "messages_page": page[:PAGE],
        "next_before": page[PAGE - 1].pk if len(page) > PAGE else None,
        "status": status,
        "statuses": InboundStatus.choices,
    }
    return render(request, "mail/inbound_list.html", context)


@login_required
@require_GET
def inbound_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check_mail_admin(request.user)
    message = get_object_or_404(InboundMessage.objects.select_related("mailbox", "ticket"), pk=pk)
    preview = bytes(message.raw[:20000]).decode("utf-8", "replace")
    return render(request, "mail/inbound_detail.html", {"message": message, "preview": preview})


@login_required
@require_GET
def inbound_raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The bytes exactly as received, to open in a mail client or attach to a bug report."""
    check_mail_admin(request.user)
    message = get_object_or_404(InboundMessage, pk=pk)
    response = HttpResponse(bytes(message.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="message-{message.pk}.eml"'
    return response


@login_required
@require_POST
def inbound_reprocess_view(request: HttpRequest, pk: int) -> HttpResponse:
    check_mail_admin(request.user)
    message = get_object_or_404(InboundMessage, pk=pk)
    if message.status != InboundStatus.QUARANTINED:
        messages.error(request, _("Only quarantined messages can be reprocessed."))
        return redirect("mail:inbound-detail", pk=pk)
    result = inbound_reprocess(message=message, actor=request.user)
    if result.status == InboundStatus.QUARANTINED:
        messages.error(request, _("Still quarantined: %(error)s") % {"error": result.error})
    else:
        messages.success(request, _("Processed: %(outcome)s.") % {"outcome": result.get_outcome_display()})
    return redirect("mail:inbound-detail", pk=pk)


@login_required
@require_POST
def entry_copy_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent puts someone an email entry names in copy of the conversation (a held sender, a
    person the customer copied): the one way a conversation gains a recipient."""
    entry = get_object_or_404(TimelineEntry.objects.only("pk", "ticket_id"), pk=pk)
    ticket = ticket_for_agent(request.user, entry.ticket_id)
    if not thread_widenable(request.user):
        raise PermissionDenied
    index = parse_int(request.POST.get("person"), default=-1, maximum=1000)
    try:
        # The conversation's row is locked by replies and arriving mail: wait for it only so long.
        with busy_refused():
            address = thread_copy_add(entry=entry, index=index, actor=request.user)
    except (DomainError, Busy) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(address)s is now in copy of this conversation.") % {"address": mask_email(address)}
        )
    return redirect(reverse("tickets:ticket-detail", args=[ticket.pk]) + f"#entry-{entry.pk}")
