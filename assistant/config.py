"""Where tier 0 may answer customers: admins change it here (the settings page and the Django admin
alike), in one transaction with an audit event per channel that changed, before and after.

Triage runs on every first message whatever these say; they decide only whether tier 0 may send an
answer itself on a channel, and in which languages (none listed: every language it reads).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from assistant.access import tier0_settings_editable
from assistant.models import ChannelSetting
from audit.services import audit_record
from helpdesk.errors import DomainError
from tickets.models import Channel

# ISO 639-1, as the engine names languages ("pt", "zh").
_LANGUAGE = re.compile(r"[a-z]{2}", re.ASCII)
MAX_LANGUAGES = 100


@dataclass(frozen=True)
class ChannelSpec:
    channel: str
    answers_enabled: bool
    languages: tuple[str, ...] = ()


def parse_languages(text: str) -> tuple[str, ...]:
    """ "pt, es  EN" -> ("en", "es", "pt"); a DomainError naming what is not a two-letter code."""
    codes = [c for c in re.split(r"[\s,;]+", text.strip().lower()) if c]
    wrong = [c for c in codes if not _LANGUAGE.fullmatch(c)]
    if wrong:
        raise DomainError(
            gettext("Use two-letter language codes such as en or pt; not: %(codes)s.")
            % {"codes": ", ".join(wrong[:5])[:100]},
            code="invalid",
        )
    if len(set(codes)) > MAX_LANGUAGES:
        raise DomainError(gettext("At most %(n)d languages.") % {"n": MAX_LANGUAGES}, code="invalid")
    return tuple(sorted(set(codes)))


def _snapshot(setting: ChannelSetting | None) -> dict[str, Any]:
    if setting is None:
        # No row: tier 0 answers on the channel in every language (assistant.services.channel_allows).
        return {"answers_enabled": True, "languages": []}
    return {"answers_enabled": setting.answers_enabled, "languages": list(setting.languages)}


def channel_settings(channels: Iterable[str] = Channel.values) -> dict[str, ChannelSetting]:
    """Every channel's setting, with an unsaved default for a channel that has none."""
    stored = {s.channel: s for s in ChannelSetting.objects.filter(channel__in=list(channels))}
    return {c: stored.get(c) or ChannelSetting(channel=c) for c in channels}


def channel_settings_save(*, actor: User, specs: Iterable[ChannelSpec]) -> list[ChannelSetting]:
    """Store each channel's setting; only the channels that change are written and audited
    (`tier0.channel_setting.updated`, before and after, by whom). Returns the ones changed."""
    if not tier0_settings_editable(actor):
        raise DomainError(gettext("Only admins change where tier 0 answers."), code="forbidden")
    wanted = list(specs)
    unknown = sorted({s.channel for s in wanted} - set(Channel.values))
    if unknown:
        raise DomainError(
            gettext("Unknown channel: %(names)s.") % {"names": ", ".join(unknown)[:100]}, code="invalid"
        )
    changed: list[ChannelSetting] = []
    with transaction.atomic():
        stored = {
            s.channel: s
            for s in ChannelSetting.objects.select_for_update().filter(
                channel__in=[s.channel for s in wanted]
            )
        }
        for spec in wanted:
            setting = stored.get(spec.channel)
            before = _snapshot(setting)
            after: dict[str, Any] = {
                "answers_enabled": bool(spec.answers_enabled),
                "languages": sorted(set(spec.languages)),
            }
            if before == after:
                continue
            if setting is None:
                setting = ChannelSetting(channel=spec.channel)
            setting.answers_enabled = bool(spec.answers_enabled)
            setting.languages = after["languages"]
            setting.updated_by = actor
            setting.save()
            audit_record(
                action="tier0.channel_setting.updated",
                obj=setting,
                actor=actor,
                before={"channel": spec.channel, **before},
                after={"channel": spec.channel, **after},
            )
            changed.append(setting)
    return changed
