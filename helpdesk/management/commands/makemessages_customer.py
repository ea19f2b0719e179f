"""`makemessages` for the customer-facing catalogues only (docs/i18n.md).

Reads the files customers see (the help center, the chat widget and its API, customer email and
notices) and writes locale_customer/<locale>/LC_MESSAGES/django.po (and djangojs.po for the widget),
apart from the agent workspace's catalogues in locale/. Every option of makemessages works:

    python manage.py makemessages_customer --all --all-domains --no-obsolete   # everything
    python manage.py makemessages_customer -l de -d djangojs                   # the widget in German
"""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.core.management.commands import makemessages
from django.test.utils import override_settings

from helpdesk.i18n import CUSTOMER_LOCALE, customer_locales, customer_sources


class Command(makemessages.Command):
    help = "Extract the customer-facing strings into locale_customer/ (docs/i18n.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--all-domains", action="store_true", help="Both django and djangojs.")
        parser.add_argument(
            "--output-dir",
            default=None,
            help="Write the catalogues there instead of locale_customer/ (the catalogue check's copy).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        os.chdir(settings.BASE_DIR)
        self.output_dir = Path(options.pop("output_dir") or CUSTOMER_LOCALE).resolve()
        self.output_dir.mkdir(exist_ok=True)
        if options["all"]:
            # makemessages' --all lists the folders of the first LOCALE_PATHS entry (the agents'):
            # the customer catalogues exist for every language the helpdesk lists.
            options["all"] = False
            options["locale"] = customer_locales()
        domains = ["django", "djangojs"] if options.pop("all_domains") else [options["domain"]]
        for domain in domains:
            options["domain"] = domain
            # makemessages creates the first LOCALE_PATHS folder (the agents'); point it at ours.
            with override_settings(LOCALE_PATHS=[self.output_dir]):
                super().handle(*args, **options)

    def find_files(self, root: str) -> list[Any]:
        # Only the customer-facing sources, all into the one customer catalogue (makemessages would
        # otherwise walk the whole tree and pick the nearest locale/ folder per file).
        self.locale_paths = [str(self.output_dir)]
        self.default_locale_path = str(self.output_dir)
        found = []
        for path in customer_sources(self.domain):
            if path.suffix.lstrip(".") in {ext.lstrip(".") for ext in self.extensions}:
                relative = Path(os.path.relpath(path, root))
                found.append(
                    self.translatable_file_class(str(relative.parent), relative.name, str(self.output_dir))
                )
        return sorted(found)
