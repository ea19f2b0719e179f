"""`manage.py tier0_triage IN.jsonl OUT.jsonl`: every line read and decided, the spec's keys with the
taxonomy's values, and a bad line reported in place without stopping the file."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from assistant import decide as deciding
from assistant.engine.core import engine
from assistant.taxonomy import INTENT_NAMES, MENTION_KINDS, PRIORITIES, SPECIALTIES
from assistant.types import Decision, Reading

KEYS = {
    "id",
    "language",
    "intent",
    "decision",
    "article",
    "reply",
    "team",
    "priority",
    "distress",
    "social_engineering_risk",
    "mentions",
}


@pytest.fixture
def decisions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Reading, deciding.Context]]:
    """The decision, replaced: an article answer for a confident how-to reading, else a handoff."""
    seen: list[tuple[Reading, deciding.Context]] = []

    def decide(reading: Reading, *, context: deciding.Context) -> Decision:
        seen.append((reading, context))
        if reading.confident and reading.priority == "low" and not reading.social_engineering_risk:
            return Decision(
                kind="answer",
                why="article answer",
                reply="Fees are listed here.",
                language="en",
                article="trading-fees",
            )
        return Decision(kind="handoff", why="account issue", reply="A person will answer.", language="en")

    monkeypatch.setattr(deciding, "decide", decide)
    engine()
    return seen


def test_the_command_writes_one_line_per_message_with_the_specs_keys_and_values(
    tmp_path: Path, decisions: list[tuple[Reading, deciding.Context]]
) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "m1", "text": "What are your spot trading fees?"}),
        json.dumps(
            {
                "id": "m2",
                "text": "alguien entró en mi cuenta y retiró todo a "
                "bc1qfydks835mrpqgt8a4rs4rllk604kfax3ntpu3a!!!",
                "channel": "email",
            }
        ),
        '{"id": "m3", "text": "broken',
        json.dumps({"id": "m4"}),
        json.dumps({"id": "m5", "text": "hola", "channel": "pigeon"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": 6, "text": "提现多久到账"}),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    call_command("tier0_triage", str(source), str(out))

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["m1", "m2", "line 3", "m4", "m5", "line 6", "6"]
    good = [row for row in rows if "error" not in row]
    bad = [row for row in rows if "error" in row]
    assert [row["id"] for row in good] == ["m1", "m2", "6"]
    for row in good:
        assert set(row) == KEYS
        assert row["intent"] in INTENT_NAMES
        assert row["team"] in SPECIALTIES
        assert row["priority"] in PRIORITIES
        assert row["decision"] in ("answer", "handoff")
        assert len(row["language"]) == 2
        assert isinstance(row["distress"], bool) and isinstance(row["social_engineering_risk"], bool)
        assert all(m["kind"] in MENTION_KINDS for m in row["mentions"])
    hacked = good[1]
    assert hacked["decision"] == "handoff"
    assert hacked["team"] == "account_security"
    assert hacked["priority"] == "urgent"
    assert hacked["mentions"] == [
        {"kind": "btc_address", "value": "bc1qfydks835mrpqgt8a4rs4rllk604kfax3ntpu3a"}
    ]
    assert good[0]["decision"] == "answer" and good[0]["article"] == "trading-fees"
    assert {row["language"] for row in good} == {"en", "es", "zh"}
    assert "not JSON" in bad[0]["error"]
    assert "text" in bad[1]["error"]
    assert "pigeon" in bad[2]["error"]
    assert "object" in bad[3]["error"]
    contexts = [context for _, context in decisions]
    assert [c.channel for c in contexts] == ["web", "email", "web"]
    assert all(c.answers_allowed and c.failed_answers == 0 and c.external_id is None for c in contexts)


def test_a_message_the_decision_fails_on_becomes_an_error_line_and_the_file_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def decide(reading: Reading, *, context: deciding.Context) -> Decision:
        calls.append(reading.text)
        if "boom" in reading.text:
            raise RuntimeError("knowledge base unavailable")
        return Decision(kind="handoff", why="test", reply="", language="es", specialty="account_security")

    monkeypatch.setattr(deciding, "decide", decide)
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "boom"})
        + "\n"
        + json.dumps({"id": "b", "text": "my deposit is missing"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    call_command("tier0_triage", str(source), str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0] == {"id": "a", "error": "line 1: RuntimeError: knowledge base unavailable"}
    assert rows[1]["id"] == "b" and rows[1]["decision"] == "handoff"
    # No case to route offline: the reply still says who will answer, in the decision's language.
    assert rows[1]["team"] == "account_security"
    assert "seguridad" in rows[1]["reply"].lower()
    assert len(calls) == 2
