"""Polling IMAP mailboxes over TLS.

Each message is stored (committed) before it is marked read or moved on the server, and the
mailbox's high-water UID moves only after that, so a crash at any point means the next poll fetches
the message again, and the Message-ID dedupe stores it once. A message that fails to process is
quarantined and the poll goes on to the next.
"""

import datetime as dt
import imaplib
import logging
import re
import ssl
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mail.models import InboundStatus, Mailbox, Source
from mail.parsing import storable
from mail.services.inbound import inbound_process, inbound_receive

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)
BATCH = 200


@dataclass
class PollResult:
    fetched: int = 0
    processed: int = 0
    ignored: int = 0
    quarantined: int = 0
    duplicates: int = 0
    skipped: int = 0
    error: str = ""

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


def mailboxes_poll_due(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = []
    mailboxes = Mailbox.objects.filter(is_active=True).exclude(imap_host="").exclude(imap_username="")
    for mailbox in mailboxes.filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now)):
        last = mailbox.last_polled_at
        if last is None or (now - last).total_seconds() >= mailbox.poll_every:
            due.append(mailbox.pk)
    return due


def _claim(mailbox: Mailbox, now: dt.datetime) -> bool:
    """Take the mailbox's lease; a second poller (two beat ticks, two workers) gets nothing."""
    free = Q(polling_until__isnull=True) | Q(polling_until__lt=now)
    return Mailbox.objects.filter(free, pk=mailbox.pk).update(polling_until=now + LEASE) == 1


def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.MAIL_IMAP_CA_FILE or None)


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox_poll(*, mailbox: Mailbox, now: dt.datetime | None = None) -> PollResult:
    """Fetch what is new in the mailbox's folder, store and process each message."""
    now = now or timezone.now()
    result = PollResult()
    if not mailbox.polls_imap or not _claim(mailbox, now):
        result.skipped = 1
        return result
    try:
        with imaplib.IMAP4_SSL(
            mailbox.imap_host,
            mailbox.imap_port,
            ssl_context=_ssl_context(),
            timeout=settings.MAIL_IMAP_TIMEOUT,
        ) as conn:
            conn.login(mailbox.imap_username, mailbox.imap_password)
            _poll_folder(conn, mailbox, result)
    except (imaplib.IMAP4.error, OSError, ssl.SSLError) as exc:
        result.error = storable(f"{type(exc).__name__}: {exc}")[:2000]
        log.warning("polling %s failed: %s", mailbox.name, result.error)
    finally:
        Mailbox.objects.filter(pk=mailbox.pk).update(
            polling_until=None, last_polled_at=timezone.now(), last_error=result.error
        )
    return result


def _poll_folder(conn: imaplib.IMAP4_SSL, mailbox: Mailbox, result: PollResult) -> None:
    # Servers announce MOVE and UIDPLUS only once logged in, so ask again rather than trust the greeting.
    typ, data = conn.capability()
    caps = set((data[0] or b"").decode("ascii", "replace").upper().split()) if typ == "OK" else set()
    typ, _data = conn.select(_quote(mailbox.imap_folder))
    if typ != "OK":
        raise imaplib.IMAP4.error(f"cannot open folder {mailbox.imap_folder}")
    _typ, validity = conn.response("UIDVALIDITY")
    uidvalidity = int(validity[0]) if validity and validity[0] else None
    last_uid = mailbox.imap_last_uid
    if uidvalidity != mailbox.imap_uidvalidity:
        # The server renumbered the folder: start over; the Message-ID dedupe skips what we have.
        last_uid = 0
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=uidvalidity, imap_last_uid=0)
    typ, data = conn.uid("SEARCH", f"UID {last_uid + 1}:*")
    if typ != "OK":
        raise imaplib.IMAP4.error("UID SEARCH failed")
    uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > last_uid)[:BATCH]
    for uid in uids:
        raw = _fetch(conn, uid)
        if raw is None:
            continue
        message, created = inbound_receive(raw=raw, source=Source.IMAP, mailbox=mailbox)
        result.fetched += 1
        if not created:
            result.duplicates += 1
        if message.status == InboundStatus.RECEIVED:
            message = inbound_process(message=message)
        _count(result, message.status, created)
        _done(conn, mailbox, uid, caps)
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_last_uid=uid)


def _fetch(conn: imaplib.IMAP4_SSL, uid: int) -> bytes | None:
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and re.search(rb"BODY\[\]", item[0]):
            return bytes(item[1])
    return None


def _done(conn: imaplib.IMAP4_SSL, mailbox: Mailbox, uid: int, caps: set[str]) -> None:
    """Mark read, or move out of the way; the stored copy is the one the helpdesk works from."""
    conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)")
    if not mailbox.imap_processed_folder:
        return
    folder = _quote(mailbox.imap_processed_folder)
    if "MOVE" in caps:
        conn.uid("MOVE", str(uid), folder)
    elif conn.uid("COPY", str(uid), folder)[0] == "OK":
        conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)")
        # Only this message: a plain EXPUNGE would also remove what someone else marked deleted.
        if "UIDPLUS" in caps:
            conn.uid("EXPUNGE", str(uid))


def _count(result: PollResult, status: str, created: bool) -> None:
    if not created:
        return
    if status == InboundStatus.PROCESSED:
        result.processed += 1
    elif status == InboundStatus.IGNORED:
        result.ignored += 1
    elif status == InboundStatus.QUARANTINED:
        result.quarantined += 1
