"""The demo's satisfaction answers (`seed_demo`): most solved demo cases carry a survey, most of them
answered with a spread of scores and a few comments, so the ticket pages, the supervisors' list and
the CSAT metrics show something from the first run. Written as rows: the demo sends no survey mail."""

import datetime as dt
import random

from django.db import transaction

from csat.models import SkipReason, Survey, SurveyChannel
from tickets.models import Channel, Status, Ticket

COMMENTS = {
    5: "Fixed in minutes, thank you!",
    4: "Good help, a little slow at first.",
    2: "I had to explain my problem twice.",
    1: "My withdrawal is still not there.",
}
# Scores as they tend to come: mostly happy, a tail of unhappy customers.
WEIGHTS = {5: 45, 4: 25, 3: 12, 2: 8, 1: 10}


def seed_csat_demo() -> int:
    """Idempotent: does nothing once any survey exists. Returns the surveys it wrote."""
    if Survey.objects.exists():
        return 0
    rng = random.Random(17)
    solved = (
        Ticket.objects.filter(status__in=(Status.SOLVED, Status.CLOSED), solved_at__isnull=False)
        .select_related("customer")
        .order_by("solved_at")
    )
    rows = []
    surveyed: set[int] = set()
    for ticket in solved:
        assert ticket.solved_at is not None
        sent = ticket.solved_at + dt.timedelta(minutes=5)
        survey = Survey(ticket=ticket, customer=ticket.customer, language=ticket.language, created_at=sent)
        chat = ticket.channel == Channel.CHAT
        if not chat and ticket.customer_id in surveyed:
            survey.skip_reason = SkipReason.FATIGUE
        else:
            survey.channel = SurveyChannel.WIDGET if chat else SurveyChannel.EMAIL
            survey.sent_at = sent
            survey.expires_at = sent + dt.timedelta(days=14)
            surveyed.add(ticket.customer_id)
            if rng.random() < 0.75:
                score = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                survey.score = score
                survey.comment = COMMENTS.get(score, "") if rng.random() < 0.5 else ""
                survey.responded_at = sent + dt.timedelta(minutes=rng.randint(3, 600))
                survey.responded_via = survey.channel
        rows.append(survey)
    with transaction.atomic():
        Survey.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
