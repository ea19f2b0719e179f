"""The reports dashboard's figures for the demo: the rollup computed once the demo cases exist, so a
supervisor opening /reports/ right after `make run` sees numbers without waiting for beat's first run."""

from reports.rollup import reports_rollup_refresh


def seed_reports_demo() -> int:
    """The rollup of the demo's recent days (absolute figures: running it again changes nothing)."""
    return reports_rollup_refresh()
