"""Admin changes to mailboxes, audited; secrets never enter the audit log."""

import hashlib
import secrets
from typing import Any

from django.db import transaction

from audit.services import audit_record
from mail.models import Mailbox

_SECRET_FIELDS = {"imap_password", "ingest_token_hash"}


def _snapshot(mailbox: Mailbox) -> dict[str, Any]:
    return {
        f.attname: getattr(mailbox, f.attname)
        for f in Mailbox._meta.concrete_fields
        if f.attname not in _SECRET_FIELDS and f.editable
    }


def mailbox_save(*, actor: Any, mailbox: Mailbox, password_changed: bool = False) -> Mailbox:
    """Save an admin's edit of a mailbox (the form filled `mailbox`), with before and after."""
    with transaction.atomic():
        before = _snapshot(Mailbox.objects.get(pk=mailbox.pk)) if mailbox.pk else None
        if mailbox.pk and before and before.get("imap_folder") != mailbox.imap_folder:
            # Another folder has its own UIDs.
            mailbox.imap_uidvalidity, mailbox.imap_last_uid = None, 0
        mailbox.address = mailbox.address.lower()
        mailbox.save()
        after = _snapshot(mailbox)
        if password_changed:
            after["imap_password"] = "(changed)"  # noqa: S105 - a marker, not a secret
        audit_record(
            action="mail.mailbox_saved" if before else "mail.mailbox_created",
            obj=mailbox,
            actor=actor,
            before=before,
            after=after,
        )
    return mailbox


def mailbox_token_issue(*, actor: Any, mailbox: Mailbox) -> str:
    """A new token for the HTTP endpoint, returned once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        mailbox.ingest_token_hash = hashlib.sha256(token.encode()).hexdigest()
        mailbox.save(update_fields=["ingest_token_hash"])
        audit_record(action="mail.ingest_token_issued", obj=mailbox, actor=actor)
    return token


def mailbox_for_token(token: str) -> Mailbox | None:
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return Mailbox.objects.filter(ingest_token_hash=digest, is_active=True).first()
