"""Where the customer-facing strings live (docs/i18n.md).

The customer catalogues (locale_customer/<locale>/LC_MESSAGES/django.po and djangojs.po) hold every
string of the files below and nothing else; the agent workspace's catalogues are locale/. Both folders
are in LOCALE_PATHS, so gettext finds a string in either at run time; the split is for translators and
for the check that the customer catalogues are complete (tests/i18n/test_catalogues.py).
"""

import io
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

CUSTOMER_LOCALE = Path(settings.BASE_DIR) / "locale_customer"
AGENT_LOCALE = Path(settings.BASE_DIR) / "locale"

# What customers see, as globs from the project root. A shared module (a chat service that answers
# both the visitor and the agent) is listed whole: its agent-only errors are translated too.
CUSTOMER_SOURCES: dict[str, tuple[str, ...]] = {
    "django": (
        # The help center, its "Ask a question" box, the incident banner it shows.
        "templates/knowledgebase/help_*.html",
        "templates/assistant/ask_*.html",
        "templates/incidents/banner.html",
        "knowledgebase/views_public.py",
        "knowledgebase/forms.py",
        "assistant/widget.py",
        # Customer email: the frame of every reply, acknowledgements, notices of approved actions.
        "templates/mail/reply.html",
        "mail/notices.py",
        "approvals/phrases.py",
        # The warning when a secret was taken out of a message (help center form, chat, email, API).
        "approvals/redaction_phrases.py",
        # The chat widget's API and socket: the errors a visitor can be shown, the transcript mail.
        "livechat/widget_api.py",
        "livechat/widget_i18n.py",
        "livechat/identity.py",
        "livechat/access.py",
        "livechat/services/*.py",
        "livechat/consumers/base.py",
        "livechat/consumers/frames.py",
        "livechat/consumers/visitor.py",
        "assistant/delivery.py",
        # Satisfaction surveys: the survey email and the page its links open.
        "csat/phrases.py",
        "templates/csat/public_*.html",
        # The customer portal: a signed-in customer's tickets, replies, files and ratings.
        "templates/portal/*.html",
        "portal/views.py",
        "portal/services.py",
        "portal/rating.py",
        # What a caller hears: the phone menu, the queue, callbacks and voicemail (spoken by the provider).
        "voice/ivr.py",
    ),
    # The chat widget, which fetches its language's catalogue as JSON (livechat/widget_i18n.py).
    "djangojs": ("static/livechat/widget.js",),
}


def customer_sources(domain: str) -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted({path for pattern in CUSTOMER_SOURCES.get(domain, ()) for path in root.glob(pattern)})


def customer_locales() -> list[str]:
    """Every language the helpdesk lists but English (the msgids), as gettext locale names."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def customer_catalogues() -> list[Path]:
    return sorted(CUSTOMER_LOCALE.glob("*/LC_MESSAGES/*.po"))


def agent_catalogues() -> list[Path]:
    """The agent workspace's catalogues (locale/, `manage.py makemessages_agent`)."""
    return sorted(AGENT_LOCALE.glob("*/LC_MESSAGES/*.po"))


def compiled(po_path: Path) -> bytes:
    """The .mo for a .po, in pure Python (Babel): no GNU gettext needed to build or to check it.
    Fuzzy and untranslated entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po:
        catalogue = read_po(po)
    # Babel keeps a plural entry whose forms are all empty (its msgstr is a non-empty tuple); msgfmt
    # drops it, and so must this, or ngettext would answer "".
    for message in list(catalogue):
        if message.id and isinstance(message.string, tuple) and not all(message.string):
            catalogue.delete(message.id, context=message.context)
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()


# --- Language codes and direction --------------------------------------------------------------------

RTL = {"ar", "fa", "he", "ur"}


def is_rtl(language: str) -> bool:
    return language in RTL


def text_direction(language: str) -> str:
    """The `dir` attribute for text in `language`: ar and fa read right to left."""
    return "rtl" if is_rtl(language) else "ltr"


def normalise_language(value: str | None) -> str | None:
    """A supported language code for `value` ("pt-BR", "es-419", "de"), or None."""
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    codes = [code for code, _name in settings.LANGUAGES]
    if value in codes:
        return value
    aliases = {
        "zh-cn": "zh-hans",
        "zh-sg": "zh-hans",
        "zh-tw": "zh-hant",
        "zh-hk": "zh-hant",
        "zh": "zh-hans",
    }
    if value in aliases:
        return aliases[value]
    base = value.split("-", 1)[0]
    if base == "pt":
        return "pt-br"
    if base == "tl":
        return "fil"
    return base if base in codes else None
