"""The one webhook every provider calls: /hooks/<kind>/<webhook_key>/.

handshake (GET challenges) → verify (signature, freshness) → parse → store (`webhook_receive`) →
acknowledge. Nothing is written before the signature is checked; an unknown or disabled account is a
404 whatever the request holds, so the URL tells a prober nothing."""

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from helpdesk.ratelimit import window_hits
from messaging.models import ChannelAccount
from messaging.providers.base import WebhookRejected
from messaging.registry import UnknownChannel, provider_for
from messaging.services import webhook_receive

log = logging.getLogger(__name__)

# The largest body a provider sends is a batch of Meta events; media come by reference, not inline.
MAX_BODY = 256 * 1024
# Per account and minute: well above a busy bot, well below what would swamp the workers.
PER_MINUTE = 3000


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest, kind: str, webhook_key: str) -> HttpResponse:
    account = ChannelAccount.objects.filter(kind=kind, webhook_key=webhook_key, enabled=True).first()
    if account is None:
        raise Http404
    try:
        provider = provider_for(kind)
    except (UnknownChannel, ImportError) as exc:
        log.error("no adapter for channel %s: %s", kind, exc)
        raise Http404 from exc
    if window_hits(f"messaging:hook:{account.pk}", 60) > getattr(
        settings, "MESSAGING_WEBHOOKS_PER_MINUTE", PER_MINUTE
    ):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponse(status=413)
    credentials = account.credentials
    try:
        if request.method == "GET":
            answer = provider.handshake(request, credentials)
            if answer is None:
                return HttpResponse(status=405)
            return answer
        provider.verify(request, credentials)
        parsed = provider.parse(request, credentials)
    except WebhookRejected as exc:
        log.warning("webhook refused for %s account %s: %s", kind, account.pk, exc.reason)
        return HttpResponse(exc.reason, status=exc.status, content_type="text/plain")
    webhook_receive(account, parsed)
    return provider.acknowledge(parsed)
