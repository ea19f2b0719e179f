from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helpdesk.parsing import parse_id
from mail.access import check_mail_admin
from mail.models import InboundMessage, InboundStatus
from mail.services import inbound_reprocess

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
