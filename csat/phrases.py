"""What the customer reads in a survey email and on the survey page, in the customer catalogue.

The score labels are shared by the email's links and the page's choices, so both say the same."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUBJECT = _("How did we do? [%(reference)s]")
INTRO = _("Your request %(reference)s has been solved. How satisfied are you with the help you received?")
CHOOSE = _("Choose a score from 1 (very dissatisfied) to 5 (very satisfied). One click is enough.")
IGNORE = _("If you do not want to answer, ignore this email.")
# The same words the chat widget uses for a bad score and a long comment.
BAD_SCORE = _("Choose a rating from 1 to 5.")
LONG_COMMENT = _("The comment is longer than %(max)d characters.")

SCORES: dict[int, Promise] = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neither satisfied nor dissatisfied"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}
