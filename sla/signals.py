"""What SLA tells the apps above it. Sent after commit."""

from django.dispatch import Signal

# Sent with `notices`: a list of (ticket_id, kind, target, recipient_ids) for the people just told of
# a warning, a breach or an executive escalation (sla.models.NoticeKind), each once per event.
notices_recorded = Signal()
