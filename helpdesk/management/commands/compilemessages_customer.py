"""Compile the catalogues (*.po -> .mo) without GNU gettext.

By default the customer-facing catalogues (locale_customer/); `--agent` compiles the agent
workspace's (locale/). The .mo files are committed, so `make run` on a fresh clone needs no
compiler; run this after editing a .po (tests/i18n/test_catalogues.py fails while a customer .mo is
out of date). Fuzzy and untranslated entries are left out: those strings fall back to English.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from helpdesk.i18n import agent_catalogues, compiled, customer_catalogues


class Command(BaseCommand):
    help = "Compile locale_customer/ (or, with --agent, locale/) */LC_MESSAGES/*.po into .mo (docs/i18n.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agent",
            action="store_true",
            help="Compile the agent workspace's catalogues in locale/ instead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        catalogues = agent_catalogues() if options["agent"] else customer_catalogues()
        for po_path in catalogues:
            mo_path = po_path.with_suffix(".mo")
            data = compiled(po_path)
            if not mo_path.exists() or mo_path.read_bytes() != data:
                mo_path.write_bytes(data)
                self.stdout.write(f"compiled {po_path}")
