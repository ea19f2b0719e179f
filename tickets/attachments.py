"""Checks every attachment against the ticket core's limits before anything is written."""

import hashlib
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    content: bytes
    declared_type: str = ""


# Files whose first bytes must match what their name claims; a renamed executable fails here.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes

    def as_django_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.filename)


def check_attachments(files: list[IncomingFile]) -> list[CheckedFile]:
    if len(files) > settings.HELPDESK_ATTACHMENTS_PER_ENTRY:
        raise DomainError(
            _("at most %(count)s attachments per message")
            % {
                "count": settings.HELPDESK_ATTACHMENTS_PER_ENTRY,
            }
        )
    return [_check(f) for f in files]


def _check(f: IncomingFile) -> CheckedFile:
    name = get_valid_filename(f.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:200] or "attachment"
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    if len(f.content) > limit:
        raise DomainError(
            _("%(name)s is larger than %(size)s MB")
            % {
                "name": name,
                "size": limit // (1024 * 1024),
            },
            code="too_large",
        )
    if not f.content:
        raise DomainError(_("%(name)s is empty") % {"name": name})
    content_type = mimetypes.guess_type(name)[0] or ""
    if content_type not in settings.HELPDESK_ATTACHMENT_TYPES:
        raise DomainError(
            _("%(name)s: files of this type are not accepted")
            % {
                "name": name,
            },
            code="forbidden_type",
        )
    signatures = _SIGNATURES.get(content_type)
    if signatures and not f.content.startswith(signatures):
        raise DomainError(
            _("%(name)s: content does not match its type")
            % {
                "name": name,
            },
            code="forbidden_type",
        )
    return CheckedFile(
        filename=name,
        content_type=content_type,
        size=len(f.content),
        sha256=hashlib.sha256(f.content).hexdigest(),
        content=f.content,
    )
