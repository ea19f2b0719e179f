from celery import shared_task

from routing.services import presence_expire


@shared_task(acks_late=True)
def presence_expire_task() -> int:
    return presence_expire()
