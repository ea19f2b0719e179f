"""The committed model: trained from the current bank, thresholds for every intent, the calibration
figures admins see, and an engine that refuses vectors from another encoder."""

import json

import numpy as np
import pytest

from assistant.engine.artifacts import PACKAGED_DIR, Model, bank_sha256
from assistant.engine.core import Engine
from assistant.engine.encoder import E5Encoder
from assistant.engine.training import load_bank
from assistant.taxonomy import INTENT_NAMES, INTENTS


def test_the_committed_model_was_trained_from_the_current_bank() -> None:
    meta = json.loads((PACKAGED_DIR / "meta.json").read_text())
    calibration = json.loads((PACKAGED_DIR / "calibration.json").read_text())
    current = bank_sha256()
    assert meta["bank_sha256"] == current, "the bank changed: run manage.py tier0_train --packaged"
    assert calibration["trained_on"]["bank_sha256"] == current
    assert meta["bank_examples"] == calibration["trained_on"]["examples"] == len(load_bank())


def test_the_thresholds_cover_every_intent() -> None:
    thresholds = json.loads((PACKAGED_DIR / "thresholds.json").read_text())
    assert set(thresholds["intents"]) == set(INTENT_NAMES)
    assert all(0.0 < value <= 1.0 for value in thresholds["intents"].values())
    assert {"distress", "social_engineering_risk"} <= set(thresholds["flags"])


def test_the_calibration_shows_each_intent_and_the_overall_figures() -> None:
    calibration = json.loads((PACKAGED_DIR / "calibration.json").read_text())
    assert set(calibration["intents"]) == set(INTENT_NAMES)
    for name, entry in calibration["intents"].items():
        assert {"threshold", "precision", "answered", "support"} <= set(entry)
        if not INTENTS[name].answerable:
            assert entry["answered"] == 0  # tier 0 never answers account, security or complaint messages
    overall = calibration["overall"]
    assert {"precision", "deflection", "language_accuracy", "mention_f1"} <= set(overall)
    assert overall["precision"] >= 0.95


def test_the_head_knows_every_intent_of_the_taxonomy() -> None:
    model = Model.load(PACKAGED_DIR)
    assert set(model.classes) == set(INTENT_NAMES)
    assert model.coef.shape == (len(INTENT_NAMES), 384)
    vectors = np.ones((2, 384), dtype=np.float32) / np.sqrt(384)
    probabilities = model.intent_probabilities(vectors)
    assert probabilities.shape == (2, len(INTENT_NAMES))
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_an_engine_refuses_a_model_trained_on_another_encoders_vectors() -> None:
    model = Model.load(PACKAGED_DIR)
    other = "passage" if model.encoder.endswith("/query") else "query"
    with pytest.raises(ValueError, match="trained on"):
        Engine(model=model, encoder=E5Encoder(prefix=other))
