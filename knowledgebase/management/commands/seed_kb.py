"""Loads the help center's seed articles (idempotent; changed files become new versions)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from knowledgebase.seed_loader import DEFAULT_SEED_DIR, SeedError, kb_seed_load


class Command(BaseCommand):
    help = "Load or update the knowledge base's seed categories and articles, and publish them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DEFAULT_SEED_DIR, help="The seed folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        verbosity = options["verbosity"]
        # A bar on a terminal (-v1), a line per article with -v2, silence with -v0.
        bar = tqdm(unit="article", disable=None if verbosity == 1 else True, file=self.stderr)

        def progress(done: int, total: int, slug: str) -> None:
            bar.total = total
            bar.update(1)
            if verbosity > 1:
                self.stdout.write(f"[{done}/{total}] {slug}")

        try:
            with bar:
                report = kb_seed_load(seed_dir=path, progress=progress)
        except SeedError as exc:
            raise CommandError(str(exc)) from None
        if verbosity:
            for problem in report.problems:
                self.stderr.write(f"warning: {problem}")
        summary = (
            f"Knowledge base: {report.categories_created} categories, {report.articles_created} articles, "
            f"{report.translations_created} translations created; {report.translations_changed} "
            f"translations changed; {report.translations_published} published"
        )
        if verbosity:
            self.stdout.write(summary if report.changed else f"{summary} (already seeded; nothing changed)")
