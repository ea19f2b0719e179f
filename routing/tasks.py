from celery import shared_task

from routing.services import presence_expire, routing_overflow_sweep, routing_strays_sweep


@shared_task(acks_late=True)
def presence_expire_task() -> int:
    return presence_expire()


@shared_task(acks_late=True)
def routing_overflow_sweep_task() -> int:
    """Cases without a team are given one first, so that they too are offered and can overflow."""
    return routing_strays_sweep() + routing_overflow_sweep()
