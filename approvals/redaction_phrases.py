"""What the customer is told when a secret was taken out of their message, in their language (gettext,
customer catalogues: docs/i18n.md): what was removed, that nobody (we included) may ever have it, and
what to do now if someone asked for it.

    secret_warning(language, kinds) -> str

`language` is a ticket's or customer's code ("pt-br", "zh-hans", "fil" are understood); any other
reads English. `kinds` are `approvals.redaction` kinds; several are listed as the language lists
things (CLDR, via Babel: "the recovery phrase and password", "復元フレーズ、パスワード").
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from approvals.redaction import ONE_TIME_CODE, PASSWORD, PRIVATE_KEY, SEED_PHRASE
from helpdesk.formats import locale_for
from helpdesk.i18n import normalise_language

KINDS = (SEED_PHRASE, PRIVATE_KEY, ONE_TIME_CODE, PASSWORD)


def _kind_names() -> dict[str, str]:
    # Translators: what was removed, in the form the warning's {what} needs.
    return {
        SEED_PHRASE: pgettext("removed from a message", "recovery phrase"),
        PRIVATE_KEY: pgettext("removed from a message", "private key"),
        ONE_TIME_CODE: pgettext("removed from a message", "one-time code"),
        PASSWORD: pgettext("removed from a message", "password"),
    }


def secret_warning(language: str, kinds: Sequence[str]) -> str:
    code = normalise_language(language) or "en"
    with translation.override(code):
        names_by_kind = _kind_names()
        text = _(
            "For your safety, we removed the {what} from your message. Never share your recovery phrase, "
            "private key, passwords or codes with anyone, including us: our staff will never ask for them. "
            "If someone did ask you for them, secure your account now: change your password, reset your "
            "two-factor authentication, and move any funds held in a wallet whose recovery phrase or private "
            "key you shared to a new wallet."
        )
    names = [names_by_kind[kind] for kind in kinds if kind in names_by_kind] or [names_by_kind[PASSWORD]]
    return text.format(what=format_list(names, locale=locale_for(code)))
