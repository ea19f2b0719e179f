"""`makemessages` for the agent workspace's catalogues in locale/ (docs/i18n.md).

Walks the project like makemessages, leaving out the customer-facing sources (helpdesk/i18n.py
CUSTOMER_SOURCES, whose strings are in locale_customer/) and what ships no interface (.venv, tests,
bench, node_modules). The Plural-Forms header of each catalogue is the customer catalogue's, so both
folders count plurals alike. Every option of makemessages works:

    python manage.py makemessages_agent --all --no-obsolete   # every language of settings.LANGUAGES
    python manage.py makemessages_agent -l es                 # Spanish only
"""

import os
import re
from typing import Any

from django.conf import settings
from django.core.management.commands import makemessages

from helpdesk.i18n import AGENT_LOCALE, CUSTOMER_LOCALE, CUSTOMER_SOURCES, customer_locales

# Never part of the agent workspace's catalogue (besides makemessages' own CVS, .*, *~, *.pyc).
NOT_INTERFACE = ("tests", "bench", "node_modules", "locale_customer", "var")

NPLURALS = re.compile(r"nplurals=(\d+)")
# An entry's msgstr[0], msgstr[1]... all empty, up to the blank line that ends the entry.
EMPTY_PLURAL = re.compile(r'^msgstr\[0\] ""\n(?:msgstr\[\d+\] ""\n)*(?=\n|\Z)', re.MULTILINE)
HEADER_FIELD = re.compile(r'^"[A-Za-z-]+: ')


def plural_forms_header(po_text: str) -> str | None:
    """The Plural-Forms header of a catalogue, as its lines in the file (with continuation lines)."""
    lines = po_text.split("\n\n", 1)[0].splitlines(keepends=True)
    for start, line in enumerate(lines):
        if line.startswith('"Plural-Forms: '):
            end = start + 1
            while end < len(lines) and lines[end].startswith('"') and not HEADER_FIELD.match(lines[end]):
                end += 1
            return "".join(lines[start:end])
    return None


class Command(makemessages.Command):
    help = "Extract the agent workspace's strings into locale/ (docs/i18n.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        os.chdir(settings.BASE_DIR)
        AGENT_LOCALE.mkdir(exist_ok=True)
        if options["all"]:
            # makemessages' --all lists the folders that exist already: the catalogues exist for every
            # language the helpdesk lists.
            options["all"] = False
            options["locale"] = customer_locales()
        customer = [pattern for patterns in CUSTOMER_SOURCES.values() for pattern in patterns]
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_INTERFACE, *customer]
        super().handle(*args, **options)
        for locale in options["locale"]:
            self.fix_header(locale, options["domain"])

    def fix_header(self, locale: str, domain: str) -> None:
        """Name the project and the language in a new catalogue's header, which is not fuzzy, and copy
        the customer catalogue's Plural-Forms."""
        agent = AGENT_LOCALE / locale / "LC_MESSAGES" / f"{domain}.po"
        customer = CUSTOMER_LOCALE / locale / "LC_MESSAGES" / "django.po"
        if not agent.exists() or not customer.exists():
            return
        wanted = plural_forms_header(customer.read_text(encoding="utf-8"))
        text = agent.read_text(encoding="utf-8")
        header, sep, rest = text.partition("\n\n")
        header = header.replace("#, fuzzy\n", "", 1)
        header = header.replace(
            '"Project-Id-Version: PACKAGE VERSION\\n"',
            '"Project-Id-Version: Cryptodesk (agent workspace)\\n"',
        )
        header = header.replace(
            '"Language-Team: LANGUAGE <LL@li.org>\\n"',
            f'"Language-Team: {locale} <support@cryptodesk.invalid>\\n"',
        )
        header = header.replace('"Language: \\n"', f'"Language: {locale}\\n"')
        text = header + sep + rest
        current = plural_forms_header(text)
        if wanted is not None and current is not None and current.rstrip("\n") != wanted.rstrip("\n"):
            header = (header + "\n").replace(current, wanted if wanted.endswith("\n") else wanted + "\n", 1)
        rest = self.plural_slots(rest, header)
        agent.write_text(header.rstrip("\n") + sep + rest, encoding="utf-8")

    @staticmethod
    def plural_slots(entries: str, header: str) -> str:
        """Give every untranslated plural entry one empty msgstr[n] per plural form of the language
        (xgettext writes two, whatever the language)."""
        nplurals = NPLURALS.search(header)
        if nplurals is None:
            return entries
        empty = "".join(f'msgstr[{n}] ""\n' for n in range(int(nplurals.group(1))))
        return EMPTY_PLURAL.sub(empty, entries)
