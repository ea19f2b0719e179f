"""The survey page a customer's email link opens, and the supervisors' list of recent answers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from csat import phrases
from csat.access import answers_for
from csat.models import SurveyChannel
from csat.services import survey_for_token, survey_is_open, survey_respond
from helpdesk.errors import DomainError
from helpdesk.i18n import normalise_language, text_direction
from helpdesk.parsing import parse_int

RECENT = 50


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the score the link carries, preselected, with a comment box, and writes nothing: mail
    scanners open every link in a message. POST records the answer."""
    survey = survey_for_token(token)
    if survey is None:
        raise Http404
    language = normalise_language(survey.language) or "en"
    context = {
        "survey": survey,
        "language": language,
        "direction": text_direction(language),
        "reference": survey.ticket.reference,
        "scores": [(n, label) for n, label in phrases.SCORES.items()],
    }
    status = 200
    if not survey_is_open(survey):
        context["state"] = "final"
    elif request.method == "POST":
        score = parse_int(request.POST.get("score"), default=0)
        try:
            survey = survey_respond(
                survey=survey,
                score=score,
                comment=request.POST.get("comment", ""),
                channel=SurveyChannel.EMAIL,
            )
            context["state"] = "thanks"
        except DomainError:
            context |= {"state": "form", "error": True, "chosen": score}
            status = 400
    else:
        chosen = parse_int(request.GET.get("score"), default=survey.score or 0)
        context |= {"state": "form", "chosen": chosen if 1 <= chosen <= 5 else 0}
    with translation.override(language):
        response = render(request, "csat/public_survey.html", context, status=status)
    # The token is in the address: no other site learns it from a link followed from this page.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def answer_list(request: HttpRequest) -> HttpResponse:
    """The latest answers, newest first, with their ticket, team and agent: a fixed number of statements."""
    answers = (
        answers_for(request.user)
        .filter(responded_at__isnull=False)
        .select_related("ticket", "ticket__team", "ticket__assignee")
        .order_by("-responded_at")[:RECENT]
    )
    return render(request, "csat/answer_list.html", {"answers": answers})
