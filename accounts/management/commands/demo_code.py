from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import demo_code, demo_device
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current 6-digit sign-in code of a demo account (its published demo key; demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("demo_code gives out sign-in codes; it never runs in production")
        user = User.objects.filter(username=options["username"]).first()
        device = demo_device(user) if user is not None else None
        if device is None:
            raise CommandError(
                f"{options['username']!r} has no demo authenticator: this prints codes only for the devices "
                "that seed_demo created with the published demo key"
            )
        self.stdout.write(demo_code(device))
