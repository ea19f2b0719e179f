"""Mention extraction over the labelled set of customer messages (triage/data/mentions_set.jsonl)."""

import json

from triage.data import make_set
from triage.data.scoring import SET_PATH, load_set, score


def test_the_set_has_enough_distinct_messages_in_enough_languages():
    rows = load_set()
    assert len(rows) >= 320
    assert len({row["text"] for row in rows}) == len(rows)
    assert len({row["lang"] for row in rows}) >= 12


def test_the_set_in_the_repository_is_the_one_the_script_builds():
    built = [json.dumps(row, ensure_ascii=False) for row in make_set.build()]
    assert SET_PATH.read_text(encoding="utf-8").splitlines() == built


def test_extraction_precision_and_recall_on_the_set_are_at_least_0_99():
    result = score(load_set())
    assert result.precision() >= 0.99, result.misses
    assert result.recall() >= 0.99, result.misses


def test_every_kind_is_in_the_set_and_scored():
    result = score(load_set())
    for kind in ("tx_hash", "address", "memo", "amount", "network"):
        assert result.true_pos[kind] >= 40, kind
