"""Checks shared by the configuration models' clean() and the services that save them.

They run in clean(), not as field validators, so adding one needs no migration; the admin's forms
call clean() and the services call it too, so the API, the admin and scripts refuse the same values.
"""

import functools
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@functools.cache
def known_time_zones() -> frozenset[str]:
    # Membership, not ZoneInfo(name): "Mars/Olympus" raises ZoneInfoNotFoundError but a folder such as
    # "America" raises OSError, and the readers that fall back to UTC would hide the mistake.
    return frozenset(zoneinfo.available_timezones())


def language_codes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def check_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(
            _("%(value)s is not a time zone; use an IANA name such as Europe/Berlin."),
            code="time_zone",
            params={"value": value},
        )


def check_language(value: str) -> None:
    if value not in language_codes():
        raise ValidationError(
            _("%(value)s is not one of the helpdesk's languages (%(codes)s)."),
            code="language",
            params={"value": value, "codes": ", ".join(sorted(language_codes()))},
        )


def check_choices(values: object, allowed: Iterable[str], what: str | Promise) -> None:
    """A JSON list field whose items must come from a fixed set (a team's skills or languages)."""
    allowed = list(allowed)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError(_("Give a list of %(what)s."), code="invalid", params={"what": what})
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown %(what)s: %(unknown)s. Choose from %(allowed)s."),
            code="invalid_choice",
            params={"what": what, "unknown": ", ".join(unknown), "allowed": ", ".join(allowed)},
        )
    if len(set(values)) != len(values):
        raise ValidationError(_("Each of the %(what)s only once."), code="duplicate", params={"what": what})
