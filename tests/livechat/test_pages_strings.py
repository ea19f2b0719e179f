"""Every word the chat pages show goes through translation: the templates' text through Django's
catalogue, the console script's words through the strings its page renders, and the customer widget's
own strings ship in widget.js for each language it promises."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from livechat.views import console_strings

STATIC = Path(settings.BASE_DIR) / "static" / "livechat"
TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates" / "livechat").glob("*.html"))
WIDGET_LANGUAGES = {"en", "es", "pt-br", "tr", "ja", "de", "fr", "ru"}
# What a mock exchange page shows that no language translates: its name, tickers, networks.
NOT_WORDS = {"CryptoX", "BTC", "ETH", "USDT", "TRC", "SOL", "USD", "VIP", "amp", "middot"}
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _widget_strings() -> dict[str, set[str]]:
    source = (STATIC / "widget.js").read_text()
    table = source.split("var STRINGS = {", 1)[1].split("var LANGUAGES", 1)[0]
    languages: dict[str, set[str]] = {}
    current = None
    for line in table.splitlines():
        if start := re.match(r'^    "?([\w-]+)"?: \{$', line):
            current = start.group(1)
            languages[current] = set()
        elif (key := re.match(r"^      (\w+):", line)) and current:
            languages[current].add(key.group(1))
    return languages


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


def test_the_widget_ships_every_string_in_every_language_it_promises():
    languages = _widget_strings()

    assert set(languages) == WIDGET_LANGUAGES
    for code, keys in languages.items():
        assert keys == languages["en"], (
            f"{code}: missing {languages['en'] - keys}, extra {keys - languages['en']}"
        )


def test_every_string_the_widget_asks_for_exists():
    source = (STATIC / "widget.js").read_text()
    asked = set(re.findall(r'\bt\("(\w+)"\s*[,)]', source))
    asked |= {
        f"topic_{code}" for code in ("withdrawal", "deposit", "account_access", "kyc", "trading", "other")
    }

    assert asked
    assert asked <= _widget_strings()["en"]


def test_every_string_the_console_script_asks_for_is_rendered_by_its_page():
    source = (STATIC / "console.js").read_text()
    asked = set(re.findall(r'\bs\("(\w+)"\s*[,)]', source))
    asked |= {f"status_{status}" for status in ("waiting", "offered", "active", "ended")}

    assert asked
    assert asked <= set(console_strings())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_word_of_the_chat_templates_is_marked_for_translation(path: Path):
    assert _untranslated_text(path) == []
