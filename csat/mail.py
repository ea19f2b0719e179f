"""The survey email: five one-click links, in the ticket's language, through the mail app's outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from csat import phrases
from csat.models import Survey
from helpdesk.i18n import normalise_language, text_direction
from mail.services import survey_queue


def survey_link(token: str, score: int | None = None) -> str:
    path = reverse("csat:survey-answer", kwargs={"token": token})
    query = f"?score={score}" if score else ""
    return str(settings.HELPDESK_SITE_URL).rstrip("/") + path + query


def survey_email_queue(*, survey: Survey, token: str) -> None:
    """Queued in the survey's transaction; the outbox sends it after commit."""
    ticket = survey.ticket
    language = normalise_language(survey.language) or "en"
    with translation.override(language):
        reference = {"reference": ticket.reference}
        scores = [(n, str(label), survey_link(token, n)) for n, label in phrases.SCORES.items()]
        intro, choose, ignore = phrases.INTRO % reference, str(phrases.CHOOSE), str(phrases.IGNORE)
        subject = phrases.SUBJECT % reference
        html = render_to_string(
            "csat/public_email.html",
            {
                "intro": intro,
                "choose": choose,
                "ignore": ignore,
                "scores": scores,
                "language": language,
                "direction": text_direction(language),
            },
        )
    lines = [intro, "", choose, ""]
    lines += [f"{n} - {label}: {url}" for n, label, url in scores]
    lines += ["", ignore, ""]
    survey_queue(ticket=ticket, to=ticket.customer.email, subject=subject, text="\n".join(lines), html=html)
