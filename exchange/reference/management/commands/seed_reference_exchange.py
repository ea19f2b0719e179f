"""Seeds the reference exchange with the demo's accounts, transfers and network states (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exchange.reference.seed import seed_reference_exchange


class Command(BaseCommand):
    help = "Create the reference exchange's demo accounts, transfers and network states (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REFERENCE_EXCHANGE_ENABLED:
            raise CommandError("The reference exchange is off here (REFERENCE_EXCHANGE_ENABLED).")
        created = seed_reference_exchange()
        summary = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in created.items())
        self.stdout.write(f"Reference exchange: {summary} created")
