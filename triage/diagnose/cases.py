"""What a transaction hash or an address means, from what the exchange and the chain said: pure functions.

A `Case` holds everything looked up for one mention; `diagnose(case, exchange)` returns the diagnoses,
each with the evidence lines an agent reads, the skill of the team that resolves it and the key of the
customer reply. No I/O, no database: every branch is tested with plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from exchange.types import AssetNetwork, DepositAddress, NetworkStatus, Transfer
from triage.chains.types import FAMILY_OF, ChainAddress, ChainTx


class Code:
    """Diagnosis codes; each is also the key of its customer reply (triage/replies)."""

    CREDITED = "credited"
    NOT_FOUND = "not_found"
    AWAITING_CONFIRMATIONS = "awaiting_confirmations"
    DEPOSITS_SUSPENDED = "deposits_suspended"
    BELOW_MINIMUM = "below_minimum"
    NOT_CREDITED = "not_credited"
    WRONG_NETWORK = "wrong_network"
    UNSUPPORTED_TOKEN = "unsupported_token"  # noqa: S105 (a code, not a secret)
    MEMO_MISSING = "memo_missing"
    MEMO_WRONG = "memo_wrong"
    WITHDRAWAL_QUEUED = "withdrawal_queued"
    WITHDRAWAL_REVIEW = "withdrawal_review"
    WITHDRAWAL_BROADCAST = "withdrawal_broadcast"
    WITHDRAWAL_CONFIRMED = "withdrawal_confirmed"
    WITHDRAWAL_FAILED = "withdrawal_failed"
    FAILED_ON_CHAIN = "failed_on_chain"
    STUCK_LOW_FEE = "stuck_low_fee"
    SENT_TO_CONTRACT = "sent_to_contract"
    NOT_OUR_ADDRESS = "not_our_address"


ALL_CODES: tuple[str, ...] = tuple(v for k, v in vars(Code).items() if k.isupper())

# The routing skill (routing.models.Skill) of the team that resolves each diagnosis; "" = whoever has the
# case (tier 1 answers it from the facts).
SKILL: dict[str, str] = {
    Code.CREDITED: "",
    Code.NOT_FOUND: "",
    Code.AWAITING_CONFIRMATIONS: "",
    Code.WITHDRAWAL_QUEUED: "",
    Code.WITHDRAWAL_BROADCAST: "",
    Code.WITHDRAWAL_CONFIRMED: "",
    Code.NOT_OUR_ADDRESS: "",
    Code.WITHDRAWAL_REVIEW: "kyc",
    **{
        code: "wallets"
        for code in (
            Code.DEPOSITS_SUSPENDED,
            Code.BELOW_MINIMUM,
            Code.NOT_CREDITED,
            Code.WRONG_NETWORK,
            Code.UNSUPPORTED_TOKEN,
            Code.MEMO_MISSING,
            Code.MEMO_WRONG,
            Code.WITHDRAWAL_FAILED,
            Code.FAILED_ON_CHAIN,
            Code.STUCK_LOW_FEE,
            Code.SENT_TO_CONTRACT,
        )
    },
}

Severity = Literal["ok", "info", "problem"]
SEVERITY: dict[str, Severity] = {
    Code.CREDITED: "ok",
    Code.WITHDRAWAL_CONFIRMED: "ok",
    Code.AWAITING_CONFIRMATIONS: "info",
    Code.WITHDRAWAL_QUEUED: "info",
    Code.WITHDRAWAL_BROADCAST: "info",
    Code.WITHDRAWAL_REVIEW: "info",
    Code.NOT_FOUND: "info",
}


@dataclass(frozen=True)
class Diagnosis:
    code: str
    subject: str  # the hash or address it is about
    evidence: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)  # the reply's placeholders

    @property
    def skill(self) -> str:
        return SKILL.get(self.code, "")

    @property
    def severity(self) -> Severity:
        return SEVERITY.get(self.code, "problem")

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "subject": self.subject,
            "evidence": list(self.evidence),
            "params": dict(self.params),
            "skill": self.skill,
            "severity": self.severity,
            "reply": self.code,
        }


@dataclass(frozen=True)
class ExchangeFacts:
    """What the exchange says about the customer and its rules (each empty when it could not be read)."""

    deposit_addresses: Sequence[DepositAddress] = ()
    rules: Sequence[AssetNetwork] = ()
    statuses: Sequence[NetworkStatus] = ()
    # Whether the customer's records could be read at all: without them "not found" cannot be said.
    records_read: bool = True


@dataclass(frozen=True)
class Case:
    kind: str  # "tx_hash" | "address"
    value: str
    transfer: Transfer | None = None  # the exchange's record of it
    chain: ChainTx | None = None  # the chain's answer on the network where it was found, if any
    address: ChainAddress | None = None  # for an address mention: what the chain says about it
    networks_named: tuple[str, ...] = ()  # networks the customer's messages name
    chain_read: bool = True  # every candidate network answered (False: a "not found" proves nothing)
    # For an address: the customer's transfers to or from it, newest first.
    transfers: tuple[Transfer, ...] = ()


def same_address(a: str, b: str) -> bool:
    """EVM addresses are case-insensitive hex (the case is only a checksum); others compare exactly."""
    if not a or not b:
        return False
    if a.startswith("0x") and b.startswith("0x"):
        return a.lower() == b.lower()
    return a == b


def _fmt(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = format(amount.normalize(), "f")
    return text


def _short(value: str) -> str:
    return value if len(value) <= 16 else f"{value[:10]}…{value[-6:]}"


def _rule(exchange: ExchangeFacts, asset: str, network: str) -> AssetNetwork | None:
    for rule in exchange.rules:
        if rule.asset == asset and rule.network == network:
            return rule
    return None


def _status(exchange: ExchangeFacts, network: str) -> NetworkStatus | None:
    return next((s for s in exchange.statuses if s.network == network), None)


def _issued_to(exchange: ExchangeFacts, address: str) -> list[DepositAddress]:
    return [d for d in exchange.deposit_addresses if same_address(d.address, address)]


def _params(case: Case, **extra: object) -> dict[str, str]:
    t, c = case.transfer, case.chain
    params = {
        "amount": _fmt(t.amount if t else (c.amount if c else None)),
        "asset": (t.asset if t else (c.asset if c else "")),
        "network": (t.network if t else (c.network if c else "")),
        "tx": _short(case.value)
        if case.kind == "tx_hash"
        else _short((t.tx_hash if t else "") or case.value),
    }
    params.update({k: str(v) for k, v in extra.items()})
    return params


def diagnose(case: Case, exchange: ExchangeFacts) -> list[Diagnosis]:
    if case.kind == "address":
        return _diagnose_address(case, exchange)
    t, c = case.transfer, case.chain
    if t is not None and t.direction == "withdrawal":
        return _withdrawal(case, t, c, exchange)
    if t is None and (c is None or not c.found):
        if not exchange.records_read or not case.chain_read:
            return []  # a source did not answer: the errors say so, "not found" would be a guess
        tried = ", ".join(case.networks_named) or "every network the hash could belong to"
        return [
            Diagnosis(
                Code.NOT_FOUND,
                case.value,
                (
                    "The exchange has no deposit or withdrawal of this customer with this hash.",
                    f"Not found on chain (looked on: {tried}).",
                    "Check the hash for a typo and ask which network it was sent over.",
                ),
                _params(case),
            )
        ]
    return _deposit(case, t, c, exchange)


def _on_chain_problems(case: Case, c: ChainTx) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    if c.status == "failed":
        found.append(
            Diagnosis(
                Code.FAILED_ON_CHAIN,
                case.value,
                (f"The transaction failed (reverted) on {c.network}: no funds moved.",),
                _params(case),
            )
        )
    if (
        c.status == "pending"
        and c.gas_price_gwei is not None
        and c.base_fee_gwei is not None
        and c.gas_price_gwei < c.base_fee_gwei
    ):
        found.append(
            Diagnosis(
                Code.STUCK_LOW_FEE,
                case.value,
                (
                    f"Pending on {c.network}: it offers {_fmt(c.gas_price_gwei)} gwei, "
                    f"below the current base fee of {_fmt(c.base_fee_gwei)} gwei.",
                    "It cannot be included until the base fee falls below its offer, or it is replaced "
                    "by a transaction with the same nonce and a higher fee.",
                ),
                _params(case, fee=_fmt(c.gas_price_gwei), base_fee=_fmt(c.base_fee_gwei)),
            )
        )
    return found


def _deposit(case: Case, t: Transfer | None, c: ChainTx | None, exchange: ExchangeFacts) -> list[Diagnosis]:
    if t is not None and t.status == "completed":
        return [
            Diagnosis(
                Code.CREDITED,
                case.value,
                (
                    f"The exchange credited this deposit of {_fmt(t.amount)} {t.asset} on {t.network}"
                    + (f" at {t.completed_at:%Y-%m-%d %H:%M} UTC." if t.completed_at else "."),
                ),
                _params(case),
            )
        ]
    found: list[Diagnosis] = []
    if c is not None and c.found:
        found += _on_chain_problems(case, c)
        if c.status == "failed":
            return found
        more = _deposit_on_chain(case, t, c, exchange)
        # A stuck transaction has no confirmations to wait for: the fee is the reason, not the count.
        found += [d for d in more if not (found and d.code == Code.AWAITING_CONFIRMATIONS)]
    elif t is not None:
        # Not seen on chain (no node answered): the exchange's own record of the deposit alone.
        seen = f"The exchange saw {_fmt(t.amount)} {t.asset} on {t.network}: {t.status}."
        held = _Held(
            t.network,
            t.asset,
            t.amount,
            t.confirmations,
            t.required_confirmations,
            "the exchange",
            seen,
            confirmed=t.confirmations >= t.required_confirmations,
        )
        found += _why_not_credited(case, held, _rule(exchange, t.asset, t.network), exchange)
    return found


def _deposit_on_chain(case: Case, t: Transfer | None, c: ChainTx, exchange: ExchangeFacts) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    issued = _issued_to(exchange, c.to_address)
    networks = sorted({d.network for d in issued})
    seen = f"Seen on {c.network}: {_fmt(c.amount)} {c.asset} to {c.to_address}, {c.status}."
    if issued and c.network not in networks:
        found.append(
            Diagnosis(
                Code.WRONG_NETWORK,
                case.value,
                (
                    seen,
                    f"That deposit address was issued to the customer for {', '.join(networks)}, "
                    f"not for {c.network}.",
                    "The exchange does not watch this address on the network the funds were sent over.",
                ),
                _params(case, expected_network=", ".join(networks)),
            )
        )
        return found
    if not issued and t is None and exchange.deposit_addresses:
        if c.to_is_contract:
            found.append(_to_contract(case, c))
        else:
            issued_on = ", ".join(sorted({d.network for d in exchange.deposit_addresses}))
            found.append(
                Diagnosis(
                    Code.NOT_OUR_ADDRESS,
                    case.value,
                    (
                        seen,
                        f"{c.to_address} is not one of the deposit addresses the exchange issued to this "
                        f"customer (on {issued_on}).",
                    ),
                    _params(case),
                )
            )
        return found
    deposit = next((d for d in issued if d.network == c.network), None)
    rule = _rule(exchange, c.asset, c.network)
    if c.token_contract:
        listed = [
            r
            for r in exchange.rules
            if r.network == c.network and same_address(r.contract_address, c.token_contract)
        ]
        if not listed:
            expected = rule.contract_address if rule else ""
            found.append(
                Diagnosis(
                    Code.UNSUPPORTED_TOKEN,
                    case.value,
                    (
                        seen,
                        f"Token contract {c.token_contract} is not one the exchange lists on {c.network}"
                        + (f"; its {c.asset} there is {expected}." if expected else "."),
                        "A token with the same symbol from another contract (a bridged or wrapped variant) "
                        "is not credited automatically.",
                    ),
                    _params(case, contract=c.token_contract),
                )
            )
            return found
        rule = listed[0]
    if deposit is not None and (deposit.memo or (rule is not None and rule.memo_required)):
        if not c.memo:
            found.append(
                Diagnosis(
                    Code.MEMO_MISSING,
                    case.value,
                    (seen, f"The deposit address on {c.network} needs a memo/tag; the transaction has none."),
                    _params(case),
                )
            )
        elif deposit.memo and c.memo != deposit.memo:
            found.append(
                Diagnosis(
                    Code.MEMO_WRONG,
                    case.value,
                    (seen, f"The transaction's memo/tag {c.memo} is not the one issued to the customer."),
                    _params(case, memo=c.memo),
                )
            )
    if found:
        return found
    if c.to_is_contract and deposit is None:
        return [_to_contract(case, c)]
    if t is not None:
        have, need, source = t.confirmations, t.required_confirmations, "the exchange"
    else:
        have, need, source = c.confirmations or 0, (rule.confirmations_required if rule else 0), "the chain"
    held = _Held(c.network, c.asset, c.amount, have, need, source, seen, confirmed=c.status == "confirmed")
    return _why_not_credited(case, held, rule, exchange)


@dataclass(frozen=True)
class _Held:
    """A deposit not credited yet, as far as it is known (from the chain, or the exchange's record)."""

    network: str
    asset: str
    amount: Decimal | None
    have: int
    need: int
    source: str
    seen: str
    confirmed: bool


def _why_not_credited(
    case: Case, held: _Held, rule: AssetNetwork | None, exchange: ExchangeFacts
) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    status = _status(exchange, held.network)
    suspended = (status is not None and status.deposits_suspended) or (
        rule is not None and not rule.deposits_enabled
    )
    if suspended:
        why = status.message if status is not None and status.message else "disabled for this asset"
        found.append(
            Diagnosis(
                Code.DEPOSITS_SUSPENDED,
                case.value,
                (held.seen, f"Deposits on {held.network} are suspended at the exchange: {why}."),
                _params(case),
            )
        )
    if rule is not None and held.amount is not None and held.amount < rule.min_deposit:
        found.append(
            Diagnosis(
                Code.BELOW_MINIMUM,
                case.value,
                (
                    held.seen,
                    f"The minimum deposit of {rule.asset} on {rule.network} is {_fmt(rule.min_deposit)}; "
                    f"{_fmt(held.amount)} is below it.",
                ),
                _params(case, minimum=_fmt(rule.min_deposit)),
            )
        )
    if found:
        return found
    waiting = _confirmations(case, held.network, held.have, held.need, held.source)
    if waiting or not held.confirmed:
        return waiting
    return [
        Diagnosis(
            Code.NOT_CREDITED,
            case.value,
            (
                held.seen,
                f"It has {held.have} confirmations (the exchange needs {held.need}) and nothing on our "
                "side explains why it is not credited.",
            ),
            _params(case, confirmations=held.have, required=held.need),
        )
    ]


def _confirmations(case: Case, network: str, have: int, need: int, source: str) -> list[Diagnosis]:
    if need <= 0 or have >= need:
        return []
    return [
        Diagnosis(
            Code.AWAITING_CONFIRMATIONS,
            case.value,
            (f"{have} of {need} confirmations on {network} ({source} says); it is credited at {need}.",),
            _params(case, confirmations=have, required=need),
        )
    ]


def _to_contract(case: Case, c: ChainTx) -> Diagnosis:
    return Diagnosis(
        Code.SENT_TO_CONTRACT,
        case.value,
        (
            f"The recipient {c.to_address} on {c.network} is a smart contract, not a wallet.",
            "Whether the funds can be returned depends on that contract alone.",
        ),
        _params(case, recipient=_short(c.to_address)),
    )


def _withdrawal(case: Case, t: Transfer, c: ChainTx | None, exchange: ExchangeFacts) -> list[Diagnosis]:
    summary = f"Withdrawal of {_fmt(t.amount)} {t.asset} on {t.network} to {t.address}: {t.status}."
    status = _status(exchange, t.network)
    network_note: tuple[str, ...] = ()
    if status is not None and (status.withdrawals_suspended or status.congested):
        state = "suspended" if status.withdrawals_suspended else "congested"
        network_note = (f"Withdrawals on {t.network} are {state}: {status.message or 'no details'}.",)
    if t.status in ("failed", "rejected"):
        return [Diagnosis(Code.WITHDRAWAL_FAILED, case.value, (summary,), _params(case))]
    if t.status == "review":
        return [
            Diagnosis(
                Code.WITHDRAWAL_REVIEW,
                case.value,
                (summary, "Held for a compliance review; nothing has been sent yet."),
                _params(case),
            )
        ]
    if t.status in ("pending", "queued") and (c is None or not c.found):
        return [
            Diagnosis(
                Code.WITHDRAWAL_QUEUED,
                case.value,
                (summary, "Still in the exchange's send queue: not broadcast yet.", *network_note),
                _params(case),
            )
        ]
    found: list[Diagnosis] = []
    if c is not None and c.found:
        found += _on_chain_problems(case, c)
        if found:
            return found
        if c.to_is_contract:
            found.append(_to_contract(case, c))
        settled = (c.confirmations or 0) >= t.required_confirmations
        if (c.status == "confirmed" and settled) or t.status == "completed":
            found.append(
                Diagnosis(
                    Code.WITHDRAWAL_CONFIRMED,
                    case.value,
                    (
                        summary,
                        f"Confirmed on {c.network} ({c.confirmations or 0} confirmations).",
                        "The funds have left the exchange; the receiving platform credits them on its own "
                        "schedule.",
                    ),
                    _params(case, confirmations=c.confirmations or 0),
                )
            )
            return found
    if t.status == "completed":
        return [
            Diagnosis(
                Code.WITHDRAWAL_CONFIRMED,
                case.value,
                (
                    summary,
                    "The exchange records it as confirmed on chain; the receiving platform credits it on its "
                    "own schedule.",
                ),
                _params(case, confirmations=t.confirmations),
            )
        ]
    have = max(t.confirmations, (c.confirmations or 0) if c is not None else 0)
    return [
        *found,
        Diagnosis(
            Code.WITHDRAWAL_BROADCAST,
            case.value,
            (
                summary,
                f"Broadcast; {have} of {t.required_confirmations} confirmations so far.",
                *network_note,
            ),
            _params(case, confirmations=have, required=t.required_confirmations),
        ),
    ]


def _diagnose_address(case: Case, exchange: ExchangeFacts) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    issued = _issued_to(exchange, case.value)
    networks = sorted({d.network for d in issued})
    other = [
        n
        for n in case.networks_named
        if issued and n not in networks and FAMILY_OF.get(n) == FAMILY_OF.get(networks[0])
    ]
    if other:
        found.append(
            Diagnosis(
                Code.WRONG_NETWORK,
                case.value,
                (
                    f"{case.value} is the customer's deposit address for {', '.join(networks)}.",
                    f"The customer's message names {', '.join(other)}: funds sent over that network do not "
                    "reach this deposit address at the exchange.",
                ),
                {"network": other[0], "expected_network": ", ".join(networks), "asset": issued[0].asset},
            )
        )
    sent_to = [t for t in case.transfers if t.direction == "withdrawal"]
    if sent_to:
        # The customer's latest withdrawal to this address, as the exchange records it.
        latest = max(sent_to, key=lambda t: t.created_at)
        about = Case("tx_hash", latest.tx_hash or case.value, transfer=latest)
        found += _withdrawal(about, latest, None, exchange)
    if case.address is not None and case.address.is_contract and sent_to:
        t = sent_to[0]
        found.append(
            Diagnosis(
                Code.SENT_TO_CONTRACT,
                case.value,
                (
                    f"The customer withdrew {_fmt(t.amount)} {t.asset} on {t.network} to {case.value}, "
                    "which is a smart contract, not a wallet.",
                    "Whether the funds can be returned depends on that contract alone.",
                ),
                {"amount": _fmt(t.amount), "asset": t.asset, "network": t.network, "tx": _short(t.tx_hash)},
            )
        )
    return found
