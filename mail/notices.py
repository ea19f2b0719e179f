"""The words the helpdesk puts in email by itself, in the customer's language.

The texts live in the customer gettext catalogues (locale_customer/, docs/i18n.md). A notice is
always complete in one language: a language whose catalogue lacks any part of it gets English as a
whole, never half-translated.
"""

from dataclasses import dataclass, fields

from django.utils import translation
from django.utils.translation import gettext as _

from helpdesk.i18n import normalise_language


@dataclass(frozen=True)
class NoticeText:
    marker: str
    ack_subject: str
    ack_body: str
    reference: str


# `{reference}` and `{subject}` are filled in; the marker must keep its `##-` and `-##` ends, which
# is how inbound mail finds where the customer's new text stops and the quoted history begins.
def _texts() -> NoticeText:
    """The words in the active language (gettext, customer catalogues: docs/i18n.md)."""
    return NoticeText(
        marker=_("##- Please type your reply above this line -##"),
        ack_subject=_("We received your request [{reference}]: {subject}"),
        ack_body="\n\n".join(
            [
                _(
                    "Thank you for contacting us. Your request has been received and has the reference "
                    "{reference}. A member of our support team will reply as soon as possible."
                ),
                _("To add information, reply to this email and keep the reference in the subject."),
                _(
                    "For your security: we will never ask for your password, your 2FA codes or your "
                    "recovery phrase, and we will never ask you to send funds."
                ),
            ]
        ),
        reference=_("Ticket reference: {reference}"),
    )


def notice_text(language: str) -> NoticeText:
    """The notice in `language` if its catalogue translates every part of it, else all in English."""
    with translation.override("en"):
        english = _texts()
    code = normalise_language(language) or "en"
    if code == "en":
        return english
    with translation.override(code):
        texts = _texts()
    translated = all(
        getattr(texts, field.name) != getattr(english, field.name) for field in fields(NoticeText)
    )
    return texts if translated else english
