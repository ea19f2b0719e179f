"""Triage tests: the intake step in the pipeline, and a customer known to the reference exchange."""

from typing import Any

import pytest

from intake import pipeline
from triage.steps import triage_step


@pytest.fixture
def with_triage_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """The intake tuples with the triage step before route, as intake declares them (a no-op once
    intake/pipeline.py lists it)."""
    for name in ("NEW_TICKET_STEPS", "CUSTOMER_MESSAGE_STEPS"):
        steps = tuple(getattr(pipeline, name))
        if triage_step not in steps:
            at = next((i for i, s in enumerate(steps) if s.__name__ not in ("detect",)), len(steps))
            monkeypatch.setattr(pipeline, name, (*steps[:at], triage_step, *steps[at:]))


@pytest.fixture
def wallets(db: None) -> Any:
    from tests.factories import make_team

    return make_team(name="Wallets and on-chain", slug="wallets", tier=2, skills=["wallets"])
