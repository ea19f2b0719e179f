"""Every word the chat pages show goes through translation: the templates' text through Django's
catalogue, the console script's words through the strings its page renders, and the customer widget's
strings through the djangojs customer catalogue it fetches (livechat/widget_i18n.py)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import Client

from livechat.views import console_strings

STATIC = Path(settings.BASE_DIR) / "static" / "livechat"
TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates" / "livechat").glob("*.html"))
WIDGET_LANGUAGES = {code for code, _name in settings.LANGUAGES}
# What a mock exchange page shows that no language translates: its name, tickers, networks.
NOT_WORDS = {"CryptoX", "BTC", "ETH", "USDT", "TRC", "SOL", "USD", "VIP", "amp", "middot"}
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _widget_strings() -> dict[str, str]:
    """The widget's keys and their English text, each marked gettext("…") for the djangojs catalogue."""
    source = (STATIC / "widget.js").read_text()
    table = source.split("var STRINGS = {", 1)[1].split("\n  };", 1)[0]
    marked = re.findall(r'^    (\w+): gettext\((".*")\),$', table, flags=re.M)
    return {key: json.loads(text) for key, text in marked}


def _untranslated_text(path: Path) -> list[str]:
    """Words in a template's markup outside {% translate %} / {% blocktranslate %}."""
    text, skipping = [], False
    for token in Lexer(path.read_text()).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split()
            # Translated blocks, and blocks that fill in class names, hold no untranslated words.
            starts = bits[0] in ("blocktranslate", "blocktrans") or (
                bits[0] == "block" and bits[-1].endswith("_class")
            )
            ends = bits[0] in ("endblocktranslate", "endblocktrans", "endblock")
            skipping = starts or (skipping and not ends)
            text.append(" ")
        elif token.token_type == TokenType.TEXT and not skipping:
            text.append(token.contents)
        else:
            text.append(" ")
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", "".join(text), flags=re.S)
    shown = VISIBLE_ATTRIBUTES.findall(markup)
    shown.append(re.sub(r"<[^>]*>", " ", markup))
    words = re.findall(r"[^\W\d_]{2,}", " ".join(shown))
    return [w for w in words if w not in NOT_WORDS]


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(WIDGET_LANGUAGES - {"en"}))
def test_the_widget_speaks_every_language_of_the_helpdesk(language):
    english = set(_widget_strings().values())
    response = Client().get(f"/chat/api/i18n/{language}.json")
    catalogue = response.json()["catalog"]

    assert english
    assert english - {text for text, translated in catalogue.items() if translated} == set()


def test_every_string_the_widget_asks_for_exists():
    source = (STATIC / "widget.js").read_text()
    asked = set(re.findall(r'\bt\("(\w+)"\s*[,)]', source))
    asked |= {
        f"topic_{code}" for code in ("withdrawal", "deposit", "account_access", "kyc", "trading", "other")
    }

    assert asked
    assert asked <= set(_widget_strings())


def test_every_string_the_console_script_asks_for_is_rendered_by_its_page():
    source = (STATIC / "console.js").read_text()
    asked = set(re.findall(r'\bs\("(\w+)"\s*[,)]', source))
    asked |= {f"status_{status}" for status in ("waiting", "offered", "active", "ended")}

    assert asked
    assert asked <= set(console_strings())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_word_of_the_chat_templates_is_marked_for_translation(path: Path):
    assert _untranslated_text(path) == []
