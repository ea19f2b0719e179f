from celery import shared_task

from queueviews.vocabulary import vocabulary_sweep


@shared_task(name="queueviews.tasks.vocabulary_sweep_task", acks_late=True)
def vocabulary_sweep_task() -> int:
    """Beat, every minute: the words of entries and tickets written since the last pass join the
    vocabulary that search corrects misspelt query words to (queueviews.vocabulary)."""
    return vocabulary_sweep()
