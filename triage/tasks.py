from celery import shared_task

from triage.services import triage_lookup, triage_stalled_requeue


@shared_task(acks_late=True)
def triage_lookup_task(ticket_id: int) -> str:
    """Look up a ticket's mentions at the exchange and on chain; the state it stored ("" when a newer
    look-up superseded it or the ticket has no triage)."""
    triage = triage_lookup(ticket_id=ticket_id)
    return triage.state if triage is not None else ""


@shared_task(acks_late=True)
def triage_stalled_sweep_task() -> int:
    """Look-ups lost on their way to a worker, and those a source did not answer whose retry is due
    (1, 2, 4 minutes after, at most 3 times), are queued again (beat, every minute)."""
    return triage_stalled_requeue()
