"""Linking tickets to incidents, and what is active now: the half of incident mode that the intake step
uses. It knows the incidents, the ticket core and triage's mention reader, never the channels: the
answer to a linked ticket is queued to the delivery task by name (incidents.tasks), which posts it
through the ticket's channel after the commit."""

import importlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from helpdesk.config_cache import cached_at
from helpdesk.errors import DomainError
from incidents import matching
from incidents.models import (
    ACTIVE_STATUSES,
    DEFAULT_LANGUAGE,
    Incident,
    IncidentDelivery,
    IncidentLink,
    IncidentMessage,
    LinkSource,
)
from tickets.models import EntryKind, Ticket, TimelineEntry
from tickets.timeline import timeline_event_add

logger = logging.getLogger(__name__)

CACHE_KEY = "incidents:active:v1"
# Brief: a resolved incident leaves the banner at once in this process and within this many seconds
# wherever the cache is per process (the embedded runner's local memory).
CACHE_SECONDS = 15
# The version of what is active: database triggers replace this token on every write to the incidents
# and their messages (incidents/migrations/0004_active_version.py), so a process may keep the list it
# loaded under a token read in a statement of the caller's (helpdesk.config_cache).
CONFIG_NAME = "incidents"


# --- What is active now (the banner, the intake matcher) -----------------------------------------


@dataclass(frozen=True)
class ActiveIncident:
    id: int
    title: str
    status: str
    networks: tuple[str, ...]
    assets: tuple[str, ...]
    features: tuple[str, ...]
    keywords: tuple[str, ...]
    update_id: int
    messages: tuple[tuple[str, str], ...]

    def message_for(self, language: str) -> str:
        return message_in(dict(self.messages), language)

    def candidate(self) -> matching.Candidate:
        return matching.Candidate(
            id=self.id,
            networks=self.networks,
            assets=self.assets,
            features=self.features,
            keywords=self.keywords,
            extra={"title": self.title},
        )


def message_in(messages: Mapping[str, str], language: str) -> str:
    """The text in `language`, else its base language (pt-br → pt), else English, else any."""
    language = (language or "").lower()
    for code in (language, language.split("-")[0], DEFAULT_LANGUAGE):
        if code in messages:
            return messages[code]
    base = language.split("-")[0]
    for code, text in messages.items():
        if code.split("-")[0] == base:
            return text
    return next(iter(messages.values()), "")


def _load_active() -> list[ActiveIncident]:
    """One query: the current update's messages of every active incident."""
    rows = (
        IncidentMessage.objects.filter(
            update__incident__status__in=ACTIVE_STATUSES, update_id=F("update__incident__current_update_id")
        )
        .order_by("-update__incident__declared_at", "update__incident_id", "language")
        .values_list(
            "update__incident_id",
            "update__incident__title",
            "update__incident__status",
            "update__incident__networks",
            "update__incident__assets",
            "update__incident__features",
            "update__incident__keywords",
            "update_id",
            "language",
            "text",
        )
    )
    found: dict[int, dict[str, Any]] = {}
    for pk, title, status, networks, assets, features, keywords, update_id, language, text in rows:
        item = found.setdefault(
            pk,
            {
                "id": pk,
                "title": title,
                "status": status,
                "networks": tuple(networks or ()),
                "assets": tuple(assets or ()),
                "features": tuple(features or ()),
                "keywords": tuple(keywords or ()),
                "update_id": update_id,
                "messages": [],
            },
        )
        item["messages"].append((language, text))
    return [ActiveIncident(**{**item, "messages": tuple(item["messages"])}) for item in found.values()]


def active_incidents() -> list[ActiveIncident]:
    """The active incidents, cached briefly; a cache that cannot be reached costs one query."""
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("incident cache unreachable; reading the database", exc_info=True)
        return _load_active()
    if cached is not None:
        return list(cached)
    active = _load_active()
    try:
        cache.set(CACHE_KEY, active, CACHE_SECONDS)
    except Exception:
        logger.warning("incident cache unreachable", exc_info=True)
    return active


def active_incidents_at(token: str | None) -> list[ActiveIncident]:
    """The active incidents under the version `token` the caller read in its own statement (None:
    no token row): what this process loaded under the same token, else one query. Exact where the
    cached list is not: an incident declared, edited or resolved anywhere moves the token with its
    commit, so the next statement that reads the token sees it."""
    return list(cached_at(CONFIG_NAME, token, _load_active))


def _forget_active() -> None:
    def forget() -> None:
        try:
            cache.delete(CACHE_KEY)
        except Exception:
            logger.warning("incident cache unreachable; the banner follows within %ss", CACHE_SECONDS)

    transaction.on_commit(forget)


def banner_messages(language: str) -> list[dict[str, str]]:
    """What the help center and the chat widget show: each active incident's message in `language`."""
    return [
        {"id": str(i.id), "status": i.status, "message": i.message_for(language)} for i in active_incidents()
    ]


# --- Links ----------------------------------------------------------------------------------------


def _active_link(incident_id: int, ticket_id: int) -> IncidentLink | None:
    return IncidentLink.objects.filter(
        incident_id=incident_id, ticket_id=ticket_id, unlinked_at__isnull=True
    ).first()


def incident_link(
    *,
    incident: Incident,
    ticket: Ticket,
    actor: User | None,
    source: str = LinkSource.AGENT,
    reason: str = "",
    answer: bool = True,
) -> IncidentLink:
    """Link a ticket to an active incident. Answering posts the incident's current public message to the
    customer once (after commit; never twice for the same update). Linking a linked ticket is a no-op."""
    if source not in LinkSource.values:
        raise DomainError(_("unknown link source"))
    if source == LinkSource.AGENT and actor is None:
        raise DomainError(_("an agent links by hand"))
    with transaction.atomic():
        current = Incident.objects.filter(pk=incident.pk).values_list("status", "current_update_id").first()
        if current is None:
            raise DomainError(_("no such incident"), code="not_found")
        status, update_id = current
        if status not in ACTIVE_STATUSES:
            raise DomainError(
                _("this incident is resolved; link the ticket to an active one"), code="resolved"
            )
        existing = _active_link(incident.pk, ticket.pk)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                link = IncidentLink.objects.create(
                    incident_id=incident.pk,
                    ticket=ticket,
                    source=source,
                    reason=reason[:300],
                    linked_by=actor,
                    linked_at=timezone.now(),
                )
        except IntegrityError:
            # Another message of the same ticket linked it a moment ago.
            found = _active_link(incident.pk, ticket.pk)
            assert found is not None
            return found
        timeline_event_add(
            ticket,
            "incident_linked",
            actor=actor,
            incident=incident.pk,
            title=incident.title,
            source=source,
            reason=link.reason,
        )
        audit_record(
            action="ticket.incident_linked",
            obj=ticket,
            actor=actor,
            actor_label=None if actor else f"system:incidents:{source}",
            after={"incident": incident.pk, "source": source, "reason": link.reason},
        )
        if answer and update_id is not None:
            _answer_on_commit(update_id, ticket.pk)
    return link


def _answer_on_commit(update_id: int, ticket_id: int) -> None:
    now = timezone.now()
    delivery, created = IncidentDelivery.objects.get_or_create(
        update_id=update_id, ticket_id=ticket_id, defaults={"created_at": now, "queued_at": now}
    )
    if created:
        # By name: the delivery task reaches live chat and mail, which open tickets through intake;
        # this module is part of an intake step and must not import them.
        task = importlib.import_module("incidents.tasks").incident_deliveries_task
        transaction.on_commit(lambda: task.delay(update_id, [delivery.pk]), robust=True)


def incident_unlink(*, incident: Incident, ticket: Ticket, actor: User) -> IncidentLink:
    with transaction.atomic():
        link = (
            IncidentLink.objects.select_for_update()
            .filter(incident_id=incident.pk, ticket_id=ticket.pk, unlinked_at__isnull=True)
            .first()
        )
        if link is None:
            raise DomainError(_("this ticket is not linked to that incident"), code="not_found")
        link.unlinked_at = timezone.now()
        link.unlinked_by = actor
        link.save(update_fields=["unlinked_at", "unlinked_by"])
        timeline_event_add(
            ticket, "incident_unlinked", actor=actor, incident=incident.pk, title=incident.title
        )
        audit_record(
            action="ticket.incident_unlinked",
            obj=ticket,
            actor=actor,
            before={"incident": incident.pk, "source": link.source, "reason": link.reason},
        )
    return link


def _auto_link(
    ticket: Ticket, found: Sequence[tuple[matching.Candidate, str]], source: str
) -> list[IncidentLink]:
    if not found:
        return []
    ids = [candidate.id for candidate, _reason in found]
    # Never linked before: an agent's unlink stands, and a linked ticket is answered once per update.
    seen = set(
        IncidentLink.objects.filter(ticket_id=ticket.pk, incident_id__in=ids).values_list(
            "incident_id", flat=True
        )
    )
    links = []
    for candidate, reason in found:
        if candidate.id in seen:
            continue
        # The title is for the timeline event; incident_link re-reads the status in its transaction.
        incident = Incident(pk=candidate.id, title=str(candidate.extra.get("title", "")))
        links.append(
            incident_link(incident=incident, ticket=ticket, actor=None, source=source, reason=reason)
        )
    return links


def incident_match_entry(
    ticket: Ticket, entry: TimelineEntry, *, active: Sequence[ActiveIncident] | None = None
) -> list[IncidentLink]:
    """Intake: link the ticket to each active incident its customer's message matches, and answer.
    `active`: the active incidents as the caller read them (the intake step), else read here."""
    if active is None:
        active = active_incidents()
    if not active or entry.kind != EntryKind.CUSTOMER_MESSAGE or not entry.body:
        return []
    from triage.mentions import extract

    text = entry.body[:20_000]
    mentions = [f for f in extract(text) if f.kind != "suspect"]
    facts = matching.facts_from_text(
        text,
        language=ticket.language,
        networks=[f.network for f in mentions if f.network],
        assets=[f.asset for f in mentions if f.asset],
    )
    found = matching.matching([i.candidate() for i in active], facts)
    return _auto_link(ticket, found, LinkSource.INTAKE)


def incident_link_matching(
    ticket: Ticket, *, networks: Iterable[str], assets: Iterable[str], statuses: Iterable[str]
) -> list[IncidentLink]:
    """Triage, when on-chain or exchange facts about the ticket arrive: link it to each active incident
    on one of `networks` (and its assets, when it names any) whose features match the transfers'
    `statuses` (`"withdrawal:queued"`, or a bare status such as `"pending"` for either direction)."""
    active = active_incidents()
    if not active:
        return []
    facts = matching.Facts(
        networks=frozenset(n for n in networks if n),
        assets=frozenset(a.upper() for a in assets if a),
        features=matching.features_from_statuses(statuses),
    )
    if not facts.features:
        return []
    found = [(c, r) for c in (i.candidate() for i in active) if (r := matching.match_by_facts(c, facts))]
    with transaction.atomic():
        return _auto_link(ticket, found, LinkSource.TRIAGE)
