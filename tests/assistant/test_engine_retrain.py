"""A deployment retrains tier 0 with its agents' corrections into its own directory, and the worker reads
that model once ASSISTANT_MODEL_DIR points at it; the packaged model stays as committed."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from assistant.engine import core, read
from assistant.engine.artifacts import PACKAGED_DIR, bank_sha256
from assistant.engine.training import load_bank
from assistant.models import Example


@pytest.fixture
def fresh_engine() -> Iterator[None]:
    core.reset()
    yield
    core.reset()


@pytest.mark.django_db
def test_a_retrain_adds_the_agents_corrections_and_the_worker_reads_it(
    tmp_path: Path, settings: Any, fresh_engine: None
) -> None:
    packaged = (PACKAGED_DIR / "head.npz").read_bytes()
    Example.objects.create(
        text="can I pay the P2P seller with a gift card?",
        intent="p2p_howto",
        language="en",
        created_at=timezone.now(),
    )
    out = tmp_path / "tier0-model"

    call_command("tier0_train", "--out", str(out), "--no-calibrate", "--c", "1")

    meta = json.loads((out / "meta.json").read_text())
    assert meta["corrections"] == 1
    assert meta["examples"] == len(load_bank()) + 1
    assert meta["bank_sha256"] == bank_sha256()
    assert (PACKAGED_DIR / "head.npz").read_bytes() == packaged

    settings.ASSISTANT_MODEL_DIR = str(out)
    reading = read("can I pay the P2P seller with a gift card?")
    assert core.engine().model.meta["corrections"] == 1
    assert reading.intent == "p2p_howto"
    assert reading.threshold == 0.9  # not calibrated yet: the conservative default
