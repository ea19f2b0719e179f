import datetime as dt

from celery import shared_task
from django.conf import settings

from tickets.services import tickets_close_solved


@shared_task(acks_late=True)
def tickets_close_solved_task() -> int:
    return tickets_close_solved(older_than=dt.timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS))
