"""The exchange's answers checked against the contract (docs/exchange-api.yaml) and turned into the frozen
values of exchange.types. Anything else (a missing field, a wrong type, an unknown status, an amount
that is not a decimal) raises MalformedResponse, which a read reports as an error."""

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from exchange.errors import MalformedResponse
from exchange.types import (
    SECURITY_EVENT_KINDS,
    TRANSFER_DIRECTIONS,
    TRANSFER_STATUSES,
    AccountState,
    ActionResult,
    AssetNetwork,
    DepositAddress,
    NetworkStatus,
    SecurityEvent,
    Transfer,
)

T = TypeVar("T")


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, Mapping):
        raise MalformedResponse(f"expected an object, got {type(data).__name__}")
    if name not in data:
        raise MalformedResponse(f"missing field {name!r}")
    value = data[name]
    # bool is an int in Python; a field declared int must not accept true/false, nor the reverse.
    if kind is int and isinstance(value, bool):
        raise MalformedResponse(f"field {name!r} must be an integer")
    if not isinstance(value, kind):
        raise MalformedResponse(f"field {name!r} has the wrong type ({type(value).__name__})")
    return value


def _str(data: Mapping[str, Any], name: str, *, max_length: int = 512) -> str:
    value: str = _field(data, name, str)
    if len(value) > max_length:
        raise MalformedResponse(f"field {name!r} is too long")
    return value


def _int(data: Mapping[str, Any], name: str) -> int:
    value: int = _field(data, name, int)
    if value < 0:
        raise MalformedResponse(f"field {name!r} is negative")
    return value


def _bool(data: Mapping[str, Any], name: str) -> bool:
    value: bool = _field(data, name, bool)
    return value


def _decimal(data: Mapping[str, Any], name: str) -> Decimal:
    raw = _str(data, name, max_length=64)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise MalformedResponse(f"field {name!r} is not a decimal number") from None
    if not value.is_finite() or value < 0:
        raise MalformedResponse(f"field {name!r} is not a non-negative amount")
    return value


def _datetime(data: Mapping[str, Any], name: str, *, optional: bool = False) -> datetime | None:
    if optional and data.get(name) is None:
        if name not in data:
            raise MalformedResponse(f"missing field {name!r}")
        return None
    raw = _str(data, name, max_length=64)
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise MalformedResponse(f"field {name!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        raise MalformedResponse(f"field {name!r} has no time zone")
    return value


def _required_datetime(data: Mapping[str, Any], name: str) -> datetime:
    value = _datetime(data, name)
    assert value is not None
    return value


def _choice(data: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> Any:
    value = _str(data, name, max_length=64)
    if value not in allowed:
        raise MalformedResponse(f"field {name!r} has an unknown value {value!r}")
    return value


def _list(data: Any, name: str) -> list[Any]:
    value: list[Any] = _field(data, name, list)
    return value


def parse_account(data: Any) -> AccountState:
    flags = _list(data, "flags")
    if not all(isinstance(f, str) for f in flags):
        raise MalformedResponse("field 'flags' must hold strings")
    return AccountState(
        external_id=_str(data, "external_id", max_length=64),
        vip_level=_str(data, "vip_level", max_length=32),
        kyc_level=_int(data, "kyc_level"),
        flags=tuple(flags),
        withdrawals_locked=_bool(data, "withdrawals_locked"),
        lock_reason=_str(data, "lock_reason", max_length=1000),
    )


def parse_transfer(data: Any) -> Transfer:
    return Transfer(
        id=_str(data, "id", max_length=64),
        direction=_choice(data, "direction", TRANSFER_DIRECTIONS),
        asset=_str(data, "asset", max_length=16),
        network=_str(data, "network", max_length=32),
        amount=_decimal(data, "amount"),
        address=_str(data, "address", max_length=128),
        memo=_str(data, "memo", max_length=128),
        tx_hash=_str(data, "tx_hash", max_length=128),
        status=_choice(data, "status", TRANSFER_STATUSES),
        confirmations=_int(data, "confirmations"),
        required_confirmations=_int(data, "required_confirmations"),
        created_at=_required_datetime(data, "created_at"),
        updated_at=_required_datetime(data, "updated_at"),
        completed_at=_datetime(data, "completed_at", optional=True),
    )


def parse_deposit_address(data: Any) -> DepositAddress:
    return DepositAddress(
        asset=_str(data, "asset", max_length=16),
        network=_str(data, "network", max_length=32),
        address=_str(data, "address", max_length=128),
        memo=_str(data, "memo", max_length=128),
    )


def parse_asset_network(data: Any) -> AssetNetwork:
    return AssetNetwork(
        asset=_str(data, "asset", max_length=16),
        network=_str(data, "network", max_length=32),
        contract_address=_str(data, "contract_address", max_length=128),
        memo_required=_bool(data, "memo_required"),
        min_deposit=_decimal(data, "min_deposit"),
        min_withdrawal=_decimal(data, "min_withdrawal"),
        confirmations_required=_int(data, "confirmations_required"),
        deposits_enabled=_bool(data, "deposits_enabled"),
        withdrawals_enabled=_bool(data, "withdrawals_enabled"),
    )


def parse_network_status(data: Any) -> NetworkStatus:
    return NetworkStatus(
        network=_str(data, "network", max_length=32),
        congested=_bool(data, "congested"),
        deposits_suspended=_bool(data, "deposits_suspended"),
        withdrawals_suspended=_bool(data, "withdrawals_suspended"),
        message=_str(data, "message", max_length=2000),
        updated_at=_required_datetime(data, "updated_at"),
    )


def parse_security_event(data: Any) -> SecurityEvent:
    return SecurityEvent(
        kind=_choice(data, "kind", SECURITY_EVENT_KINDS),
        at=_required_datetime(data, "at"),
        detail=_str(data, "detail", max_length=1000),
    )


def items_of(key: str, parse: Callable[[Any], T]) -> Callable[[Any], tuple[T, ...]]:
    def parse_all(data: Any) -> tuple[T, ...]:
        return tuple(parse(item) for item in _list(data, key))

    return parse_all


def optional_transfer(data: Any) -> Transfer | None:
    if not isinstance(data, Mapping) or "transfer" not in data:
        raise MalformedResponse("missing field 'transfer'")
    return None if data["transfer"] is None else parse_transfer(data["transfer"])


def parse_identity_owner(data: Any) -> str | None:
    """The exchange user id of the account that verified the identity, or None when none did."""
    if not isinstance(data, Mapping) or "external_id" not in data:
        raise MalformedResponse("missing field 'external_id'")
    if data["external_id"] is None:
        return None
    owner = _str(data, "external_id", max_length=64)
    if not owner:
        raise MalformedResponse("field 'external_id' is empty")
    return owner


def parse_action_result(data: Any) -> ActionResult:
    return ActionResult(
        action_id=_str(data, "action_id", max_length=64),
        status=_choice(data, "status", ("done", "accepted")),
        replayed=_bool(data, "replayed"),
    )


# Validation errors are raised with the bare field problem; reads report them in a sentence.
_parse_error_prefix = "The exchange answered with malformed data: "


def reported(parse: Callable[[Any], T]) -> Callable[[Any], T]:
    def wrapped(data: Any) -> T:
        try:
            return parse(data)
        except MalformedResponse as exc:
            if exc.message.startswith("The exchange"):
                raise
            raise MalformedResponse(_parse_error_prefix + exc.message) from None

    return wrapped
