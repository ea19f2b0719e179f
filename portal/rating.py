"""Rating a solved ticket from the portal, through the CSAT app's services (csat.services).

The CSAT app owns surveys: whether a ticket has one (sent after it was solved, unless the fatigue rule
or an unreachable customer skipped it), how long it stays open, one answer per ticket. The portal shows
the survey `survey_for_ticket` gives it and passes the answer on with channel="portal".
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from csat.models import Survey, SurveyChannel
from csat.services import survey_for_ticket, survey_respond
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id
from tickets.models import Status, Ticket

SCORES = (1, 2, 3, 4, 5)
MAX_COMMENT = 2000


@dataclass(frozen=True)
class SurveyShown:
    survey: Survey

    @property
    def answered(self) -> bool:
        return self.survey.score is not None


def survey_shown(ticket: Ticket) -> SurveyShown | None:
    """The ticket's open survey, on a solved or closed ticket; None when there is none to answer."""
    if ticket.status not in (Status.SOLVED, Status.CLOSED):
        return None
    survey = survey_for_ticket(ticket=ticket)
    return SurveyShown(survey) if survey is not None else None


def rate(*, ticket: Ticket, score: str, comment: str) -> Survey:
    shown = survey_shown(ticket)
    if shown is None:
        raise DomainError(_("This request cannot be rated."), code="not_found")
    value = parse_id(score or "")
    if value is None or value not in SCORES:
        raise DomainError(_("Choose a score from 1 to 5."))
    comment = (comment or "").strip()[:MAX_COMMENT]
    return survey_respond(survey=shown.survey, score=value, comment=comment, channel=SurveyChannel.PORTAL)
