"""Cross-cutting pieces of the REST API: pagination, body limits and one shape for every error."""

import io
import logging
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, pagination, parsers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from helpdesk.busy import RETRY_AFTER_SECONDS, Busy
from helpdesk.errors import DomainError
from helpdesk.parsing import (
    MAX_JSON_DEPTH,
    InvalidInteger,
    InvalidJSON,
    json_depth_check,
    parse_int,
    unstorable_text,
)

logger = logging.getLogger(__name__)


class CursorPagination(pagination.CursorPagination):
    """Keyset pagination: page N costs the same as page 1, and no COUNT(*) runs.

    Orderings are by primary key only: a position is then an integer that never changes, so a row
    updated while a client pages can neither be skipped nor shown twice.
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = gettext_noop("This cursor is not valid; start again from the first page.")

    def get_page_size(self, request: Request) -> int | None:
        size = super().get_page_size(request)
        # Partner teams take no bulk copies (docs/security.md, "Partner clean room"): their agents page
        # at the default size, whatever they ask for. The clean-room middleware marks their requests.
        if size is not None and size > self.page_size and getattr(request._request, "clean_room", False):
            return self.page_size
        return size

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": [_(self.invalid_cursor_message)]}) from None
        # A hand-made cursor can carry any text as its position; it is compared with the id column.
        if cursor is not None and cursor.position is not None and parse_int(cursor.position) is None:
            raise exceptions.ValidationError({"cursor": [_(self.invalid_cursor_message)]})
        return cursor


class AscendingCursorPagination(CursorPagination):
    """Oldest first, for timelines read from the top."""

    ordering = "id"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE, the limit Django applies to form bodies, at
    most MAX_JSON_DEPTH deep, with no text that PostgreSQL cannot store. The default parser.

    DRF reads a JSON body straight from the socket, past Django's own check, so without this a
    client could make the server hold any amount of JSON in memory.
    """

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            raw = stream.read(limit + 1)
            if len(raw) > limit:
                raise PayloadTooLarge(
                    _("The request body is larger than %(limit)s bytes.") % {"limit": limit}
                )
            stream = io.BytesIO(raw)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("JSON parse error - nested more than %(depth)s levels deep") % {"depth": MAX_JSON_DEPTH}
            ) from None
        try:
            json_depth_check(data)
        except InvalidJSON as exc:
            raise exceptions.ParseError(_("JSON parse error - %(detail)s") % {"detail": exc}) from None
        # Text PostgreSQL cannot store fails here, once for every field and every endpoint, rather
        # than as a database error from whichever column it reaches (JSON fields included).
        problems = unstorable_text(data)
        if problems:
            raise exceptions.ValidationError(problems)
        return data


# What the API's write endpoints read: JSON, and multipart where files are uploaded.
JSON_PARSERS = [JSONParser]
JSON_AND_MULTIPART_PARSERS = [JSONParser, parsers.MultiPartParser]


class StrictFieldsMixin:
    """Refuses fields the serializer does not know, so a typo is a 400 instead of a silent no-op."""

    initial_data: Any
    fields: Any

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if hasattr(self.initial_data, "keys"):
            unknown = sorted(set(self.initial_data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return attrs


class LanguageField(serializers.CharField):
    """A language code such as en, pt-br or zh-hans, stored in lower case as Django writes them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", "Use a language code such as en or pt-br.")
        )

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data)).lower()


# DRF reports a field's errors as a list of messages, a nested serializer's as an object, a list of
# them as a list of objects, and a ListField's as an object keyed by index: documented as returned.
_NESTED = {"type": "object", "additionalProperties": True}
_LIST = {"type": "array", "items": {"anyOf": [{"type": "string"}, _NESTED]}}


@extend_schema_field({"type": "object", "additionalProperties": {"anyOf": [_LIST, _NESTED]}})
class FieldErrorsField(serializers.DictField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documentation only)."""

    message = serializers.CharField(help_text="What went wrong, in one sentence a person can read.")
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code: invalid, not_found, closed...")
    # A declared field, not Serializer.errors: DRF moves declared fields off the class.
    errors = FieldErrorsField(  # type: ignore[assignment]
        required=False,
        help_text=(
            "Field errors, by field name, when the request body or query did not validate: a list of "
            "messages, or for a nested object or list the same shape again (by field name or by index)."
        ),
    )


def _message(detail: Any) -> str:
    if isinstance(detail, dict):
        parts = []
        for field, errors in detail.items():
            text = _message(errors)
            parts.append(text if field in ("non_field_errors", "detail") else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    return str(detail)


class ServiceBusy(exceptions.APIException):
    status_code = 503
    default_detail = gettext_lazy("Busy for a moment; try again.")
    default_code = "busy"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is JSON with a human `message`; field errors stay under `errors`."""
    domain_code: str | None = None
    if isinstance(exc, InvalidInteger):
        exc = exceptions.ValidationError({exc.field: [exc.message]})
    elif isinstance(exc, DomainError):
        domain_code = exc.code
        if exc.code == "forbidden":
            exc = exceptions.PermissionDenied(exc.message)
        else:
            exc = exceptions.ValidationError({"detail": exc.message})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        # Raised while Django parses a multipart body whose form fields exceed the limit.
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read."))
    elif isinstance(exc, Busy):
        # A row stayed locked past the bound: nothing was written, and the same request will do.
        exc = ServiceBusy(str(exc.message))

    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES (this module's JSONParser) as
    # it loads, so importing it at the top makes a cycle whenever this module is imported first (as
    # DRF's system check does in a Celery worker).
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    body: dict[str, Any] = {"message": _message(detail), "status": response.status_code}
    if domain_code is None and isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        body["errors"] = detail
    if domain_code is not None:
        body["code"] = domain_code
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else "invalid"
    response.data = body
    if isinstance(exc, ServiceBusy):
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def document_unsupported_media_type(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every operation that takes a body answers 415 to a body it cannot parse as any of the types it
    accepts (a missing or foreign Content-Type, a multipart body whose parts have no headers), in the
    one error shape; the document says so once here rather than in every view's responses."""
    error = {
        "description": "The body's media type is not one this operation accepts.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["responses"].setdefault("415", error)
    return result
