"""Every write of incident mode: declare, edit, post an update, resolve, link and unlink a ticket, and
deliver an update to the linked tickets. Views, the API, the intake step and the tasks call these."""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from casework.services import ticket_set_status
from customfields.services import fields_missing_for_solve
from helpdesk.errors import DomainError
from helpdesk.validation import language_codes
from incidents import matching
from incidents.channels import NotDeliverable, public_message_post, status_bot
from incidents.linking import (
    _forget_active,
    message_in,
)
from incidents.models import (
    ACTIVE_STATUSES,
    ASSETS,
    DEFAULT_LANGUAGE,
    NETWORKS,
    DeliveryState,
    Feature,
    Incident,
    IncidentDelivery,
    IncidentLink,
    IncidentMessage,
    IncidentStatus,
    IncidentUpdate,
    JobState,
)
from tickets.models import EntryKind, Status, Ticket, TimelineEntry

logger = logging.getLogger(__name__)

MAX_MESSAGE = 2000
MAX_KEYWORDS = 30
DELIVERY_BATCH = 100
LINK_CHUNK = 2000


# --- Checking input -------------------------------------------------------------------------------


def _str_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise DomainError(_("%(what)s must be a list") % {"what": what})
    if not all(isinstance(v, str) for v in value):
        raise DomainError(_("%(what)s must be a list of strings") % {"what": what})
    return list(value)


def _choice_list(value: Any, allowed: Sequence[str], what: str, *, upper: bool = False) -> list[str]:
    items = [v.strip().upper() if upper else v.strip().lower() for v in _str_list(value, what)]
    unknown = sorted({v for v in items if v not in allowed})
    if unknown:
        raise DomainError(
            _("unknown %(what)s: %(unknown)s (allowed: %(allowed)s)")
            % {"what": what, "unknown": ", ".join(unknown)[:200], "allowed": ", ".join(allowed)}
        )
    return sorted(set(items), key=list(allowed).index)


def _clean_keywords(value: Any) -> list[str]:
    words: list[str] = []
    for word in _str_list(value, "keywords"):
        word = " ".join(word.replace("\x00", "").split())
        if not word:
            continue
        if len(word) < 3 or len(word) > 100:
            raise DomainError(_("each keyword has 3 to 100 characters"))
        if matching.fold(word) not in {matching.fold(w) for w in words}:
            words.append(word)
    if len(words) > MAX_KEYWORDS:
        raise DomainError(_("at most %(count)s keywords") % {"count": MAX_KEYWORDS})
    return words


def _clean_messages(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise DomainError(_("messages must map a language code to its text"))
    allowed = language_codes()
    messages: dict[str, str] = {}
    for language, text in value.items():
        if not isinstance(language, str) or language.lower() not in allowed:
            raise DomainError(
                _("%(language)s is not one of the helpdesk's languages")
                % {"language": repr(str(language)[:20])}
            )
        if not isinstance(text, str):
            raise DomainError(_("each message is text"))
        text = text.replace("\x00", "").strip()
        if not text:
            continue
        if len(text) > MAX_MESSAGE:
            raise DomainError(_("a public message has at most %(count)s characters") % {"count": MAX_MESSAGE})
        messages[language.lower()] = text
    if DEFAULT_LANGUAGE not in messages:
        raise DomainError(_("the public message in English (en) is required: it is the fallback"))
    return messages


def _clean_title(title: Any) -> str:
    title = " ".join(str(title or "").replace("\x00", "").split())
    if not title:
        raise DomainError(_("the title is empty"))
    if len(title) > 200:
        raise DomainError(_("the title is longer than 200 characters"))
    return title


def _scope(networks: Any, assets: Any, features: Any, keywords: Any) -> dict[str, list[str]]:
    return {
        "networks": _choice_list(networks, NETWORKS, "networks"),
        "assets": _choice_list(assets, ASSETS, "assets", upper=True),
        "features": _choice_list(features, Feature.values, "features"),
        "keywords": _clean_keywords(keywords),
    }


def _check_manager(actor: Any) -> None:
    from incidents.access import incidents_manageable

    if not incidents_manageable(actor):
        raise DomainError(
            _("only supervisors and admins declare, update and resolve incidents"), code="forbidden"
        )


# --- Declare, edit, update, resolve --------------------------------------------------------------


def _update_add(
    incident: Incident, *, actor: User, status: str, messages: Mapping[str, str], broadcast: bool
) -> IncidentUpdate:
    now = timezone.now()
    update = IncidentUpdate.objects.create(
        incident=incident,
        status=status,
        posted_by=actor,
        posted_at=now,
        broadcast=broadcast,
        job_state=JobState.QUEUED if broadcast else JobState.FINISHED,
        heartbeat_at=now if broadcast else None,
    )
    IncidentMessage.objects.bulk_create(
        [IncidentMessage(update=update, language=lang, text=text) for lang, text in messages.items()]
    )
    return update


def incident_declare(
    *,
    actor: User,
    title: str,
    messages: Mapping[str, str],
    networks: Iterable[str] = (),
    assets: Iterable[str] = (),
    features: Iterable[str] = (),
    keywords: Iterable[str] = (),
    status: str = IncidentStatus.INVESTIGATING,
) -> Incident:
    """Declare an incident: the banner shows its message and intake starts linking matching messages."""
    _check_manager(actor)
    title = _clean_title(title)
    scope = _scope(list(networks), list(assets), list(features), list(keywords))
    clean = _clean_messages(messages)
    if status not in ACTIVE_STATUSES:
        raise DomainError(_("a new incident is investigating, identified or monitoring"))
    if not (scope["networks"] or scope["assets"] or scope["features"] or scope["keywords"]):
        raise DomainError(_("name at least one affected network, asset, feature or keyword"))
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title, status=status, declared_by=actor, declared_at=timezone.now(), **scope
        )
        update = _update_add(incident, actor=actor, status=status, messages=clean, broadcast=False)
        incident.current_update = update
        incident.save(update_fields=["current_update"])
        audit_record(
            action="incident.declared",
            obj=incident,
            actor=actor,
            after={"title": title, "status": status, **scope, "languages": sorted(clean)},
        )
        _forget_active()
    return incident


EDITABLE = ("title", "networks", "assets", "features", "keywords")


def incident_edit(*, incident: Incident, actor: User, **changes: Any) -> Incident:
    """Change what the incident is about (its public message changes only by posting an update)."""
    _check_manager(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(_("cannot change %(fields)s here") % {"fields": ", ".join(sorted(unknown))})
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = _clean_title(changes["title"])
    scope = _scope(
        changes.get("networks", incident.networks),
        changes.get("assets", incident.assets),
        changes.get("features", incident.features),
        changes.get("keywords", incident.keywords),
    )
    clean.update({k: v for k, v in scope.items() if k in changes})
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if not incident.is_active:
            raise DomainError(_("this incident is resolved; declare a new one"), code="resolved")
        before = {k: getattr(incident, k) for k in clean}
        changed = {k: v for k, v in clean.items() if before[k] != v}
        if not changed:
            return incident
        for key, value in changed.items():
            setattr(incident, key, value)
        incident.save(update_fields=list(changed))
        audit_record(
            action="incident.edited",
            obj=incident,
            actor=actor,
            before={k: before[k] for k in changed},
            after=changed,
        )
        _forget_active()
    return incident


def incident_update_post(
    *, incident: Incident, actor: User, status: str, messages: Mapping[str, str]
) -> IncidentUpdate:
    """A new public message (and status) for the incident, posted to every linked ticket by a
    background job. `status=resolved` resolves it (see `incident_resolve`)."""
    _check_manager(actor)
    if status not in IncidentStatus.values:
        raise DomainError(
            _("status must be one of %(allowed)s") % {"allowed": ", ".join(IncidentStatus.values)}
        )
    clean = _clean_messages(messages)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if not incident.is_active:
            raise DomainError(_("this incident is resolved; declare a new one"), code="resolved")
        before = incident.status
        update = _update_add(incident, actor=actor, status=status, messages=clean, broadcast=True)
        incident.status = status
        incident.current_update = update
        fields = ["status", "current_update"]
        if status == IncidentStatus.RESOLVED:
            incident.resolved_at = update.posted_at
            fields.append("resolved_at")
        incident.save(update_fields=fields)
        audit_record(
            action="incident.resolved" if status == IncidentStatus.RESOLVED else "incident.updated",
            obj=incident,
            actor=actor,
            before={"status": before},
            after={"status": status, "update": update.pk, "languages": sorted(clean)},
        )
        _forget_active()
        from incidents.tasks import incident_update_deliver_task

        transaction.on_commit(lambda: incident_update_deliver_task.delay(update.pk), robust=True)
    return update


def incident_resolve(*, incident: Incident, actor: User, messages: Mapping[str, str]) -> IncidentUpdate:
    """Resolve: the banner goes, the resolution message is posted to every linked ticket, and each
    linked ticket that has nothing else open is solved (see `ticket_solvable_by_incident`)."""
    return incident_update_post(
        incident=incident, actor=actor, status=IncidentStatus.RESOLVED, messages=messages
    )


# --- Delivering an update -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int
    pending: int


def _progress_save(update_id: int, *, finish: bool = False) -> Progress:
    counts = IncidentDelivery.objects.filter(update_id=update_id).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(state__in=[DeliveryState.SENT, DeliveryState.SKIPPED])),
        failed=Count("id", filter=Q(state=DeliveryState.FAILED)),
        pending=Count("id", filter=Q(state=DeliveryState.PENDING)),
    )
    fields: dict[str, Any] = {
        "total": counts["total"],
        "done": counts["done"],
        "failed": counts["failed"],
        "heartbeat_at": timezone.now(),
    }
    if finish and counts["pending"] == 0:
        fields.update(job_state=JobState.FINISHED, finished_at=timezone.now())
    IncidentUpdate.objects.filter(pk=update_id).update(**fields)
    return Progress(counts["total"], counts["done"], counts["failed"], counts["pending"])


def ticket_solvable_by_incident(
    ticket: Ticket, *, incident_id: int, linked_at: dt.datetime, bot_id: int
) -> bool:
    """Whether resolving the incident solves the ticket: nothing else is open on it, that is
    - it is not solved or closed already;
    - it is not linked to another active incident;
    - no customer message since the link waits for a person's answer (the last customer message after
      the link, if any, has a public reply after it by someone other than the status notices).
    """
    if ticket.status in (Status.SOLVED, Status.CLOSED):
        return False
    if (
        IncidentLink.objects.filter(
            ticket_id=ticket.pk, unlinked_at__isnull=True, incident__status__in=ACTIVE_STATUSES
        )
        .exclude(incident_id=incident_id)
        .exists()
    ):
        return False
    last = (
        TimelineEntry.objects.filter(
            ticket_id=ticket.pk, kind=EntryKind.CUSTOMER_MESSAGE, created_at__gt=linked_at
        )
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return True
    return (
        TimelineEntry.objects.filter(ticket_id=ticket.pk, kind=EntryKind.AGENT_REPLY, created_at__gt=last)
        .exclude(author_id=bot_id)
        .exists()
    )


def _deliver_one(
    delivery: IncidentDelivery,
    update: IncidentUpdate,
    messages: Mapping[str, str],
    bot: User,
    ticket: Ticket | None,
    link: IncidentLink | None,
) -> None:
    if ticket is None or link is None:
        delivery.state, delivery.detail = DeliveryState.SKIPPED, "unlinked"
        return
    resolving = update.status == IncidentStatus.RESOLVED
    solvable = resolving and ticket_solvable_by_incident(
        ticket, incident_id=update.incident_id, linked_at=link.linked_at, bot_id=bot.pk
    )
    # A case with a required custom field empty gets the message and stays open for an agent to finish.
    solvable = solvable and not fields_missing_for_solve(ticket)
    try:
        delivery.entry = public_message_post(
            ticket=ticket,
            body=message_in(messages, ticket.language),
            author=bot,
            client_id=f"incident-update-{update.pk}",
        )
        delivery.state = DeliveryState.SENT
    except NotDeliverable as exc:
        delivery.state, delivery.detail = DeliveryState.SKIPPED, exc.message
    if solvable:
        ticket_set_status(ticket=ticket, actor=update.posted_by, status=Status.SOLVED)
        delivery.solved = True


def incident_deliveries_run(
    *, update_id: int, delivery_ids: Sequence[int] | None = None, batch: int = DELIVERY_BATCH
) -> int:
    """Post the update to pending deliveries (those ids, or all of the update), a batch per transaction.

    Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED and only while pending, so two workers or a
    rerun never post one twice; each ticket runs in its own savepoint, so one failure is recorded on
    its row and the others go on. Returns how many rows this call settled."""
    update = IncidentUpdate.objects.select_related("incident", "posted_by").get(pk=update_id)
    messages = dict(IncidentMessage.objects.filter(update_id=update_id).values_list("language", "text"))
    bot = status_bot()
    settled = 0
    while True:
        with transaction.atomic():
            claim = IncidentDelivery.objects.select_for_update(skip_locked=True).filter(
                update_id=update_id, state=DeliveryState.PENDING
            )
            if delivery_ids is not None:
                claim = claim.filter(pk__in=list(delivery_ids))
            rows = list(claim.order_by("id")[:batch])
            if not rows:
                break
            # Read for the whole batch; each ticket is locked again by the reply that writes to it.
            ticket_ids = [d.ticket_id for d in rows]
            tickets = Ticket.objects.in_bulk(ticket_ids)
            links = {
                link.ticket_id: link
                for link in IncidentLink.objects.filter(
                    incident_id=update.incident_id, ticket_id__in=ticket_ids, unlinked_at__isnull=True
                )
            }
            for delivery in rows:
                try:
                    with transaction.atomic():
                        _deliver_one(
                            delivery,
                            update,
                            messages,
                            bot,
                            tickets.get(delivery.ticket_id),
                            links.get(delivery.ticket_id),
                        )
                except Exception as exc:
                    logger.exception("incident update %s to ticket %s failed", update_id, delivery.ticket_id)
                    delivery.state = DeliveryState.FAILED
                    delivery.detail = (getattr(exc, "message", None) or exc.__class__.__name__)[:300]
                    delivery.entry = None
                    delivery.solved = False
                delivery.done_at = timezone.now()
            IncidentDelivery.objects.bulk_update(rows, ["state", "detail", "entry", "solved", "done_at"])
            settled += len(rows)
        _progress_save(update_id)
    return settled


def incident_update_deliver(*, update_id: int, batch: int = DELIVERY_BATCH) -> Progress:
    """The background job of one update: a delivery row for every linked ticket (inserted in chunks,
    existing ones kept), then every pending row posted; progress is stored after each batch."""
    update = IncidentUpdate.objects.filter(pk=update_id).first()
    if update is None:
        raise DomainError(_("no such update"), code="not_found")
    if not update.broadcast:
        return _progress_save(update_id)
    IncidentUpdate.objects.filter(pk=update_id, job_state=JobState.QUEUED).update(job_state=JobState.RUNNING)
    last = 0
    now = timezone.now()
    while True:
        ids = list(
            IncidentLink.objects.filter(
                incident_id=update.incident_id, unlinked_at__isnull=True, ticket_id__gt=last
            )
            .order_by("ticket_id")
            .values_list("ticket_id", flat=True)[:LINK_CHUNK]
        )
        if not ids:
            break
        IncidentDelivery.objects.bulk_create(
            [IncidentDelivery(update_id=update_id, ticket_id=pk, created_at=now) for pk in ids],
            ignore_conflicts=True,
        )
        last = ids[-1]
    _progress_save(update_id)
    incident_deliveries_run(update_id=update_id, batch=batch)
    return _progress_save(update_id, finish=True)


# --- Lost jobs ------------------------------------------------------------------------------------

# A job quiet this long (queued and never started, or no batch settled) was lost: the broker was down
# at the commit, or its worker died. A running job settles a batch every few seconds.
STALLED_AFTER = dt.timedelta(minutes=2)


def incident_stalled_requeue(*, now: dt.datetime | None = None, limit: int = 100) -> int:
    """Queue again the update jobs and the intake answers that have been quiet for STALLED_AFTER; the
    number queued. Each is moved forward in the transaction that picks it (rows locked with SKIP
    LOCKED), so two sweeps at once, or one run twice, queue it once; and a job queued twice shares its
    rows with the other run (SKIP LOCKED on the deliveries), so nothing is posted twice either way."""
    now = now or timezone.now()
    cutoff = now - STALLED_AFTER
    from incidents.tasks import incident_deliveries_task, incident_update_deliver_task

    with transaction.atomic():
        updates = list(
            IncidentUpdate.objects.filter(broadcast=True, heartbeat_at__lt=cutoff)
            .exclude(job_state=JobState.FINISHED)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        IncidentUpdate.objects.filter(pk__in=updates).update(heartbeat_at=now)
        answers = list(
            IncidentDelivery.objects.filter(state=DeliveryState.PENDING, queued_at__lt=cutoff)
            .exclude(update_id__in=updates)
            .select_for_update(skip_locked=True)
            .values_list("pk", "update_id")[: limit * 10]
        )
        IncidentDelivery.objects.filter(pk__in=[pk for pk, _ in answers]).update(queued_at=now)
        by_update: dict[int, list[int]] = {}
        for pk, update_id in answers:
            by_update.setdefault(update_id, []).append(pk)

        def queue() -> None:
            for update_id in updates:
                incident_update_deliver_task.delay(update_id)
            for update_id, ids in by_update.items():
                incident_deliveries_task.delay(update_id, ids)

        transaction.on_commit(queue, robust=True)
    return len(updates) + len(answers)


# --- Reads for pages ------------------------------------------------------------------------------


def linked_counts(incident_ids: Sequence[int]) -> dict[int, int]:
    rows = (
        IncidentLink.objects.filter(incident_id__in=incident_ids, unlinked_at__isnull=True)
        .values("incident_id")
        .annotate(n=Count("id"))
    )
    return {r["incident_id"]: r["n"] for r in rows}
