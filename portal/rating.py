"""Rating a solved ticket from the portal, through the CSAT app's services (csat.services).

The CSAT app owns surveys: whether a ticket has one, the fatigue rule, one answer per ticket. The
portal only shows the survey it is given and passes the answer on with channel="portal". Until
csat.services offers `survey_for_ticket` and `survey_respond`, no rating form is shown.
"""

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.utils.translation import gettext as _

from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id
from tickets.models import Status, Ticket

SCORES = (1, 2, 3, 4, 5)
MAX_COMMENT = 2000


@dataclass(frozen=True)
class SurveyShown:
    survey: Any
    score: int | None

    @property
    def answered(self) -> bool:
        return self.score is not None


def _csat() -> ModuleType | None:
    try:
        from csat import services
    except ImportError:
        return None
    if hasattr(services, "survey_for_ticket") and hasattr(services, "survey_respond"):
        return services
    return None


def survey_shown(ticket: Ticket) -> SurveyShown | None:
    """The ticket's survey as the portal shows it: only on a solved or closed ticket that has one."""
    csat = _csat()
    if csat is None or ticket.status not in (Status.SOLVED, Status.CLOSED):
        return None
    survey = csat.survey_for_ticket(ticket=ticket)
    if survey is None:
        return None
    score = getattr(survey, "score", None)
    return SurveyShown(survey=survey, score=score if isinstance(score, int) else None)


def rate(*, ticket: Ticket, score: str, comment: str) -> Any:
    shown = survey_shown(ticket)
    if shown is None:
        raise DomainError(_("This request cannot be rated."), code="not_found")
    value = parse_id(score or "")
    if value not in SCORES:
        raise DomainError(_("Choose a score from 1 to 5."))
    comment = (comment or "").strip()[:MAX_COMMENT]
    csat = _csat()
    assert csat is not None  # survey_shown found it
    return csat.survey_respond(survey=shown.survey, score=value, comment=comment, channel="portal")
