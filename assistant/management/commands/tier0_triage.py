"""Tier 0 on a file, offline: read each message and decide, as the worker would for a new case.

    manage.py tier0_triage IN.jsonl OUT.jsonl

Each input line is {"id", "text"} (optionally "channel": chat, email, web, api, phone, social; default
web). Each output line is {"id", "language", "intent", "decision", "article", "reply", "team", "priority",
"distress", "social_engineering_risk", "mentions": [{"kind", "value"}]}; a line that cannot be read
becomes {"id", "error"} and the file goes on. A hand-off's reply is the notice without a case's queue
or shift to quote (who will answer, in the customer's language, and the safety line for security
cases). Needs only the database's knowledge base (the seeded demo is enough, SQLite too). Progress
goes to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from assistant import decide as deciding
from assistant.answers import reply_language
from assistant.engine import read
from assistant.phrases import phrase
from tickets.models import Channel

DEFAULT_CHANNEL = Channel.WEB.value
CHANNELS = frozenset(Channel.values)


class BadLine(ValueError):
    pass


def parse(line: str, number: int) -> tuple[str, str, str]:
    """(id, text, channel) of one input line, or BadLine saying what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise BadLine(f"line {number}: not a JSON object")
    if "id" not in row or row["id"] is None or isinstance(row["id"], dict | list):
        raise BadLine(f"line {number}: no id")
    ident = str(row["id"])
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine(f'line {number}: "text" must be a non-empty string')
    channel = row.get("channel") or DEFAULT_CHANNEL
    if channel not in CHANNELS:
        raise BadLine(f"line {number}: unknown channel {channel!r} (one of {', '.join(sorted(CHANNELS))})")
    return ident, text, str(channel)


def _line_id(line: str, number: int) -> str:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return f"line {number}"
    if isinstance(row, dict) and isinstance(row.get("id"), str | int):
        return str(row["id"])
    return f"line {number}"


def offline_notice(team: str, language: str) -> str:
    """What the customer is told on a hand-off when there is no case to route (no team's queue or shift
    to quote): who will answer, that they need not repeat themselves, and the safety line for security."""
    words = reply_language(language)
    parts = [
        phrase("handoff_team", words, team=phrase(f"team_{team}", words)),
        phrase("handoff_details", words),
        phrase("handoff_soon", words),
    ]
    if team == "account_security":
        parts.append(phrase("safety", words))
    return " ".join(parts)


def triage(ident: str, text: str, channel: str) -> dict[str, Any]:
    reading = read(text, channel=channel)
    context = deciding.Context(
        channel=channel,
        answers_allowed=True,
        failed_answers=0,
        previous_articles=(),
        external_id=None,
        now=timezone.now(),
    )
    decision = deciding.decide(reading, context=context)
    team = decision.specialty or reading.specialty
    reply = decision.reply or ("" if decision.answers else offline_notice(team, decision.language))
    return {
        "id": ident,
        "language": reading.language,
        "intent": reading.intent,
        "decision": decision.kind,
        "article": decision.article,
        "reply": reply,
        "team": team,
        "priority": decision.priority or reading.priority,
        "distress": reading.distress,
        "social_engineering_risk": reading.social_engineering_risk,
        "mentions": [{"kind": m.kind, "value": m.value} for m in reading.mentions],
    }


class Command(BaseCommand):
    help = "Run tier 0 (reading and decision) on a JSONL file of messages, offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
        done = failed = 0
        with options["output"].open("w", encoding="utf-8") as out:
            for number, line in enumerate(tqdm(lines, desc="tier 0", unit="msg", file=sys.stderr), start=1):
                if not line.strip():
                    continue
                try:
                    result = triage(*parse(line, number))
                    done += 1
                except BadLine as exc:
                    result = {"id": _line_id(line, number), "error": str(exc)}
                    failed += 1
                except Exception as exc:  # one message must never stop the file
                    result = {
                        "id": _line_id(line, number),
                        "error": f"line {number}: {type(exc).__name__}: {exc}",
                    }
                    failed += 1
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
        self.stderr.write(f"{done} messages triaged, {failed} lines with errors -> {options['output']}")
