"""The tier-0 effect, told honestly: how many first inquiries tier 0 answered (deflection), how many of
those answers the customer came back about or a person had to follow within 7 days (rework), and how
many first inquiries tier 0's answer settled for good (honest deflection). Definitions in
docs/metrics.md; each metric is one SQL statement per `compute`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import (
    Value as V,
)
from django.utils.translation import gettext_lazy as _

from assistant.models import Assessment, DecisionKind
from reports.fcr import (
    ALL_BREAKDOWNS,
    CountedMetric,
    first_intent,
    human_replies,
    known_before,
    new_case_same_topic_within,
    reopened_within,
    scoped_tickets,
    window_end,
)
from reports.metrics import Breakdown, Scope, Unit, register
from tickets.models import EntryKind, Ticket, TimelineEntry


def answered_at() -> Subquery:
    """When tier 0's answer to the outer ticket's first message reached the customer, or NULL: it
    handed the case to a person, could not read it, or its answer was never sent (a mailbox that sends
    no acknowledgement)."""
    answer = Assessment.objects.filter(
        ticket=OuterRef("pk"), first=True, decision=DecisionKind.ANSWER, reply_entry__isnull=False
    ).order_by("id")
    return Subquery(answer.values("reply_entry__created_at")[:1], output_field=DateTimeField())


def back_within(anchor: str) -> Case:
    """Within 7 days of the answer at `anchor`: the customer wrote again on the case, asked for a
    person, reopened it or opened a new case on the same topic, or a person replied on it. Cases tier 0
    did not answer are not looked up. The outer query must carry `first_intent`."""
    window = {"created_at__gt": OuterRef(anchor), "created_at__lte": window_end(anchor)}
    wrote_again = TimelineEntry.objects.filter(
        ticket=OuterRef("pk"), kind=EntryKind.CUSTOMER_MESSAGE, **window
    )
    asked_for_person = TimelineEntry.objects.filter(
        ticket=OuterRef("pk"), kind=EntryKind.SYSTEM_EVENT, data__event="tier0_person_requested", **window
    )
    person_replied = human_replies().filter(**window)
    return Case(
        When(**{f"{anchor}__isnull": True}, then=V(False)),
        When(Exists(wrote_again) | Exists(asked_for_person) | Exists(person_replied), then=V(True)),
        default=Case(
            When(reopened_within(anchor), then=V(True)),
            default=new_case_same_topic_within(anchor),
            output_field=BooleanField(),
        ),
        output_field=BooleanField(),
    )


def _tickets(scope: Scope) -> QuerySet[Ticket]:
    tickets = scoped_tickets(scope).alias(answered=answered_at(), first_intent=first_intent())
    return tickets.alias(back=back_within("answered"))


class Tier0Deflection(CountedMetric):
    key = "tier0_deflection"
    label: str = _("Tier-0 deflection")  # type: ignore[assignment]
    unit = Unit.PERCENT
    higher_is_better = True
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def counted(self, scope: Scope) -> tuple[QuerySet[Ticket], Q]:
        """Cases whose first message tier 0 answered, of the cases opened."""
        tickets = scoped_tickets(scope).alias(answered=answered_at())
        return tickets, Q(answered__isnull=False)


class Tier0Rework(CountedMetric):
    key = "tier0_rework"
    label: str = _("Tier-0 rework")  # type: ignore[assignment]
    unit = Unit.PERCENT
    higher_is_better = False
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def counted(self, scope: Scope) -> tuple[QuerySet[Ticket], Q]:
        """Tier-0 answers the customer came back about (or a person followed) within 7 days, of the
        tier-0 answers sent 7 days ago or more."""
        return _tickets(scope).filter(Q(answered__lte=known_before())), Q(back=True)


class Tier0HonestDeflection(CountedMetric):
    key = "tier0_honest_deflection"
    label: str = _("Tier-0 honest deflection")  # type: ignore[assignment]
    unit = Unit.PERCENT
    higher_is_better = True
    breakdowns: Sequence[Breakdown] = ALL_BREAKDOWNS

    def counted(self, scope: Scope) -> tuple[QuerySet[Ticket], Q]:
        """Cases tier 0 answered that nobody came back about within 7 days, of the cases opened 7 days
        ago or more (an answer younger than 7 days is not yet known either way)."""
        cutoff = known_before()
        tickets = _tickets(scope).filter(
            Q(created_at__lte=cutoff) & (Q(answered__isnull=True) | Q(answered__lte=cutoff))
        )
        return tickets, Q(answered__isnull=False) & Q(back=False)


DEFLECTION = Tier0Deflection()
REWORK = Tier0Rework()
HONEST_DEFLECTION = Tier0HonestDeflection()
for _metric in (DEFLECTION, REWORK, HONEST_DEFLECTION):
    register(_metric)
