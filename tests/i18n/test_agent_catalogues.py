"""The agent workspace's catalogues in locale/ (docs/i18n.md): one per language, with the language's
plural forms, no customer-facing source in them, placeholders kept, and committed .mo files that are
what their .po compiles to (untranslated entries left out, so they fall back to English)."""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.utils import translation

from helpdesk.i18n import AGENT_LOCALE, CUSTOMER_LOCALE, compiled, customer_locales, customer_sources
from helpdesk.management.commands.makemessages_agent import Command, plural_forms_header

PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdif]|%[sdif]|\{\w+\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _catalogue(locale: str) -> Path:
    return AGENT_LOCALE / locale / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("locale", customer_locales())
def test_every_language_has_the_customer_catalogues_plural_forms(locale: str) -> None:
    agent, customer = _catalogue(locale), CUSTOMER_LOCALE / locale / "LC_MESSAGES" / "django.po"
    assert agent.exists(), f"{agent} is missing: run manage.py makemessages_agent -l {locale}"
    wanted = plural_forms_header(customer.read_text(encoding="utf-8"))
    assert wanted is not None
    assert (plural_forms_header(agent.read_text(encoding="utf-8")) or "").rstrip("\n") == wanted.rstrip("\n")
    catalogue = _read(agent)
    for message in catalogue:
        if isinstance(message.id, tuple):
            assert isinstance(message.string, tuple)
            assert len(message.string) == catalogue.num_plurals, f"{agent}: {message.id[0]!r}"


@pytest.mark.parametrize("locale", customer_locales())
def test_no_customer_facing_source_in_the_agent_catalogue(locale: str) -> None:
    customer_files = {str(path.relative_to(AGENT_LOCALE.parent)) for path in customer_sources("django")}
    assert customer_files
    for message in _read(_catalogue(locale)):
        for filename, _line in message.locations:
            assert filename not in customer_files, f"{message.id!r} comes from {filename}"
            assert not filename.startswith(("tests/", "bench/", ".venv/")), filename


@pytest.mark.parametrize("locale", customer_locales())
def test_a_msgid_in_both_catalogues_reads_the_same_in_both(locale: str) -> None:
    """At run time one translation of a msgid wins for every page, and the agents' catalogue is first
    in LOCALE_PATHS: a different agent wording would replace the checked customer one on the portal,
    the help center and in email."""
    customer = {m.id: m.string for m in _read(CUSTOMER_LOCALE / locale / "LC_MESSAGES" / "django.po") if m.id}
    differ = [
        (message.id, message.string, customer[message.id])
        for message in _read(_catalogue(locale))
        if message.id in customer and customer[message.id] and message.string != customer[message.id]
    ]
    assert differ == [], f"{_catalogue(locale)}: use the customer catalogue's wording for these"


@pytest.mark.parametrize("locale", customer_locales())
def test_translations_keep_placeholders_and_the_mo_is_current(locale: str) -> None:
    po = _catalogue(locale)
    for message in _read(po):
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            assert isinstance(message.string, str)
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), (
                po,
                message.id,
            )
            continue
        forms = [form for form in message.string if form]
        if not forms:
            continue
        known = set(PLACEHOLDER.findall(message.id[0] + message.id[1]))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= known, (po, message.id)
        # The last form (many) keeps every placeholder of msgid_plural; a singular may spell out "one".
        assert set(PLACEHOLDER.findall(message.id[1])) <= set(PLACEHOLDER.findall(message.string[-1])), (
            po,
            message.id,
        )
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: manage.py compilemessages_customer --agent"
    assert mo.read_bytes() == compiled(po), f"{mo} is stale: manage.py compilemessages_customer --agent"


def test_untranslated_plural_slots_follow_the_language() -> None:
    entries = (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "c"\nmsgid_plural "d"\nmsgstr[0] "x"\nmsgstr[1] ""\n'
    )
    header = '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"'
    slots = Command.plural_slots(entries, header)
    assert 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n\n' in slots
    # A started translation is left as it is.
    assert slots.endswith('msgstr[0] "x"\nmsgstr[1] ""\n')


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Espacio de trabajo de agentes"),
        ("pt-br", "Espaço de trabalho dos agentes"),
        ("en", "Agent workspace"),
    ],
)
def test_the_workspace_speaks_the_translated_languages(language: str, text: str) -> None:
    with translation.override(language):
        assert translation.gettext("Agent workspace") == text
        assert translation.ngettext("%(n)d day", "%(n)d days", 3) % {"n": 3} in {"3 días", "3 dias", "3 days"}
