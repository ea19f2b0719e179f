"""The HTTP endpoint for raw MIME messages, for mail servers and inbound-mail services that POST."""

from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api import ErrorSerializer, PayloadTooLarge
from helpdesk.parsing import require_int
from mail.access import mail_admin
from mail.models import Mailbox, Source
from mail.services import inbound_receive
from mail.services.config import mailbox_for_token


class RawMessageParser(parsers.BaseParser):
    """The body is the message itself, byte for byte; nothing is decoded here."""

    media_type = "message/rfc822"

    def parse(  # type: ignore[override]  # the data is the message's bytes, not a mapping
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        if stream is None:
            return b""
        limit = settings.MAIL_MAX_MESSAGE_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise PayloadTooLarge(f"messages larger than {limit // (1024 * 1024)} MB are not accepted here")
        return bytes(raw)


class OctetStreamParser(RawMessageParser):
    media_type = "application/octet-stream"


Accepted = inline_serializer(
    "InboundAccepted",
    {
        "id": serializers.IntegerField(),
        "duplicate": serializers.BooleanField(),
        "status": serializers.CharField(),
    },
)


class InboundMessageView(APIView):
    """POST a raw RFC 5322 message. Authenticate with the mailbox's token (`Authorization: Bearer ...`),
    or as an admin naming `?mailbox=<id>`. The message is stored before the answer and processed by a
    worker; 202 means it is kept."""

    parser_classes = [RawMessageParser, OctetStreamParser]
    permission_classes = [AllowAny]  # checked below: a mailbox token or an admin

    @extend_schema(
        operation_id="mail_inbound_create",
        request={"message/rfc822": OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("mailbox", int, required=False, description="Admins only.")],
        responses={
            202: Accepted,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            413: ErrorSerializer,
            415: ErrorSerializer,
        },
        tags=["mail"],
    )
    def post(self, request: Request) -> Response:
        mailbox = self._mailbox(request)
        raw = request.data
        if not isinstance(raw, bytes) or not raw.strip():
            raise exceptions.ValidationError(
                gettext("the body must be a raw email message (Content-Type: message/rfc822)")
            )
        with transaction.atomic():
            message, created = inbound_receive(raw=raw, source=Source.HTTP, mailbox=mailbox)
            if created:
                from mail.tasks import mail_process_task

                # Stored is what the sender needs to hear; with the broker down the stalled-message
                # sweep processes it, so this must not turn the 202 into a 500.
                transaction.on_commit(lambda: mail_process_task.delay(message.pk), robust=True)
        body = {"id": message.pk, "duplicate": not created, "status": message.status}
        return Response(body, status=status.HTTP_202_ACCEPTED)

    def _mailbox(self, request: Request) -> Mailbox | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Bearer "):
            mailbox = mailbox_for_token(header.removeprefix("Bearer ").strip())
            if mailbox is None:
                raise exceptions.AuthenticationFailed("this token does not belong to an active mailbox")
            return mailbox
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated("send the mailbox's token: Authorization: Bearer <token>")
        if not mail_admin(request.user):
            raise exceptions.PermissionDenied(gettext("only admins may post mail without a mailbox token"))
        value = request.query_params.get("mailbox", "")
        if not value:
            return None
        mailbox_id = require_int(value, field="mailbox", minimum=1)
        mailbox = Mailbox.objects.filter(pk=mailbox_id).first()
        if mailbox is None:
            raise exceptions.ValidationError(gettext("no such mailbox"))
        return mailbox
