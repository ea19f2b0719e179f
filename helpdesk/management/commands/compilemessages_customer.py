"""Compile the customer-facing catalogues (locale_customer/*.po -> .mo) without GNU gettext.

The .mo files are committed, so `make run` on a fresh clone needs no compiler; run this after
editing a .po (tests/i18n/test_catalogues.py fails while a .mo is out of date).
"""

from typing import Any

from django.core.management.base import BaseCommand

from helpdesk.i18n import compiled, customer_catalogues


class Command(BaseCommand):
    help = "Compile locale_customer/*/LC_MESSAGES/*.po into .mo files (docs/i18n.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        for po_path in customer_catalogues():
            mo_path = po_path.with_suffix(".mo")
            data = compiled(po_path)
            if not mo_path.exists() or mo_path.read_bytes() != data:
                mo_path.write_bytes(data)
                self.stdout.write(f"compiled {po_path}")
