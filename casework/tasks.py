import datetime as dt

from celery import shared_task
from django.conf import settings

from casework.services import routing_overflow_sweep, routing_strays_sweep, tickets_close_solved

# The names are those the periodic-task rows were created with (helpdesk/migrations).


@shared_task(name="tickets.tasks.tickets_close_solved_task", acks_late=True)
def tickets_close_solved_task() -> int:
    return tickets_close_solved(older_than=dt.timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS))


@shared_task(name="routing.tasks.routing_overflow_sweep_task", acks_late=True)
def routing_overflow_sweep_task() -> int:
    """Cases without a team are given one first, so that they too are offered and can overflow."""
    return routing_strays_sweep() + routing_overflow_sweep()
