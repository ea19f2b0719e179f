"""Content-Security-Policy: the violation report endpoint and the relaxed policies of the few pages that
need one (docs/security.md, "Content-Security-Policy").

The policy itself is CONTENT_SECURITY_POLICY in settings; django-csp's middleware sends it on every
response and the decorators here adjust it per view.
"""

import json
import logging
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from audit.middleware import client_ip
from helpdesk.ratelimit import window_hits

logger = logging.getLogger("helpdesk.csp")

# A browser sends one report per blocked resource: a broken page may send dozens a second. Reports
# beyond this per address and minute are dropped unread, so the endpoint cannot flood the logs.
REPORTS_PER_ADDRESS_PER_MINUTE = 30
REPORT_MAX_BYTES = 16 * 1024
# The report fields worth a log line (both the report-uri and the Reporting API shapes).
REPORT_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effectiveDirective",
    "effective-directive",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "disposition",
)

# Swagger UI's page carries a short inline <style> block, and the UI sets style attributes as it renders.
# Its script comes from a separate request (SpectacularSwaggerSplitView), so scripts stay strict.
api_docs_policy = csp_update({"style-src": [UNSAFE_INLINE]})


def _reports(body: Any) -> list[dict[str, Any]]:
    """The violation reports in a request body: `{"csp-report": {...}}` or the Reporting API's list."""
    if isinstance(body, dict) and isinstance(body.get("csp-report"), dict):
        return [body["csp-report"]]
    if isinstance(body, list):
        return [
            item["body"] for item in body if isinstance(item, dict) and isinstance(item.get("body"), dict)
        ]
    return []


@csrf_exempt
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    """Log the violations a browser reports. Anyone may post here (browsers send no credentials), so
    the answer is 204 whatever was sent: nothing is stored, a bad body is dropped, a flood is cut."""
    address = client_ip(request) or "unknown"
    if window_hits(f"csp-report:{address}", 60) > REPORTS_PER_ADDRESS_PER_MINUTE:
        return HttpResponse(status=204)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > REPORT_MAX_BYTES:
        return HttpResponse(status=204)
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError):
        return HttpResponse(status=204)
    for violation in _reports(body)[:10]:
        fields = {key: str(violation[key])[:500] for key in REPORT_FIELDS if key in violation}
        logger.warning("Content-Security-Policy violation from %s: %s", address, fields)
    return HttpResponse(status=204)
