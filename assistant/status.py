""" "Where is my withdrawal / deposit?" answered from the exchange's own read-only records.

Only for a customer the exchange vouches for (`Context.external_id`) and only for `withdrawal_pending`
and `deposit_not_credited`. The transfer meant is the one whose hash the message gives, else the
customer's latest in that direction (narrowed by the asset, network or address the message names). It
is diagnosed with triage's rules (triage/diagnose) and answered only when the data settles it: queued
within the normal time, broadcast with N of M confirmations, confirmed, credited. Anything else (stuck
past the expected time, failed, in review, wrong network, unsupported token, memo missing, several open
transfers that could be meant, the exchange out of reach, a large amount with a distressed customer)
goes to a person with the facts attached. Never raises for the exchange: its errors are values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.phrases import phrase
from exchange.client import exchange_client
from exchange.types import AssetNetwork, DepositAddress, Fetched, NetworkStatus, Transfer
from triage.diagnose.cases import Case, Code, Diagnosis, ExchangeFacts, diagnose, same_address
from triage.diagnose.gather import ExchangeReader, jsonable
from triage.replies import NETWORK_NAMES

STATUS_INTENTS: dict[str, str] = {"withdrawal_pending": "withdrawal", "deposit_not_credited": "deposit"}
TX_KINDS = frozenset({"eth_tx", "btc_tx", "sol_tx", "tron_tx"})
ADDRESS_KINDS = frozenset({"eth_address", "btc_address", "sol_address", "tron_address"})

# A withdrawal normally leaves the exchange's queue within this (the help center says 5 to 30 minutes);
# on a congested network the exchange may hold it longer.
QUEUE_NORMAL = dt.timedelta(minutes=30)
QUEUE_CONGESTED = dt.timedelta(hours=4)
# Seconds per block, to tell how long the required confirmations normally take.
BLOCK_SECONDS: dict[str, float] = {
    "bitcoin": 600,
    "ethereum": 12,
    "bsc": 3,
    "polygon": 2,
    "arbitrum": 0.25,
    "optimism": 2,
    "base": 2,
    "avalanche": 2,
    "tron": 3,
    "solana": 0.4,
    "xrp": 4,
    "ton": 5,
}
CONFIRM_FLOOR = dt.timedelta(minutes=20)
CONFIRM_MARGIN = 3  # block times vary: normal is up to three times the nominal
CONGESTION_FACTOR = 4
# Only transfers this recent are taken to be the one a customer asks about without naming it.
RECENT = dt.timedelta(days=14)
# A customer in distress about this much or more is urgent (taxonomy: a large stuck transfer, panicking).
LARGE: dict[str, Decimal] = {
    "BTC": Decimal("0.5"),
    "ETH": Decimal("10"),
    "USDT": Decimal("10000"),
    "USDC": Decimal("10000"),
    "DAI": Decimal("10000"),
    "BNB": Decimal("50"),
    "SOL": Decimal("200"),
    "XRP": Decimal("20000"),
    "TON": Decimal("5000"),
    "AVAX": Decimal("500"),
    "TRX": Decimal("100000"),
}
FINAL = frozenset({"completed", "failed", "rejected"})
SETTLED = frozenset(
    {
        Code.CREDITED,
        Code.AWAITING_CONFIRMATIONS,
        Code.WITHDRAWAL_QUEUED,
        Code.WITHDRAWAL_BROADCAST,
        Code.WITHDRAWAL_CONFIRMED,
    }
)
SKILL_SPECIALTY = {"wallets": "wallets_onchain", "kyc": "kyc_verification"}

_NETWORK_WORDS: tuple[tuple[str, str], ...] = (
    (r"erc[- ]?20|ethereum|\beth mainnet", "ethereum"),
    (r"trc[- ]?20|\btron\b", "tron"),
    (r"bep[- ]?20|\bbsc\b|bnb smart chain|binance smart chain", "bsc"),
    (r"polygon|\bmatic\b", "polygon"),
    (r"arbitrum", "arbitrum"),
    (r"optimism", "optimism"),
    (r"\bbase (network|chain|mainnet)\b", "base"),
    (r"avalanche|c-chain", "avalanche"),
    (r"solana|\bspl\b", "solana"),
    (r"bitcoin|\bbtc\b", "bitcoin"),
    (r"\bxrp\b|ripple", "xrp"),
    (r"\bton\b", "ton"),
)


@dataclass(frozen=True)
class StatusOutcome:
    """What the data says: `settled` (answer with `reply`) or not (a person, with `facts`)."""

    settled: bool
    why: str
    reply: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    specialty: str = ""
    priority: str = ""


def applies(intent: str, external_id: str | None) -> bool:
    return intent in STATUS_INTENTS and bool(external_id)


def named_networks(text: str) -> set[str]:
    low = text.lower()
    return {network for pattern, network in _NETWORK_WORDS if re.search(pattern, low)}


def named_assets(text: str, assets: Sequence[str]) -> set[str]:
    found = set()
    for asset in assets:
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(asset)}(?![A-Za-z0-9])", text, flags=re.IGNORECASE):
            found.add(asset)
    return found


def status_answer(
    *,
    intent: str,
    text: str,
    mentions: Sequence[tuple[str, str]],
    external_id: str,
    language: str,
    channel: str,
    distress: bool,
    specialty: str,
    now: dt.datetime,
    either_direction: bool = False,
    client: ExchangeReader | None = None,
) -> StatusOutcome:
    """The status of the transfer the customer asks about, answered or handed off with the facts.

    `either_direction`: the reading could not tell a withdrawal from a deposit; the transfer is then
    looked for in both, and only one the message names (by asset or amount) in one direction is taken."""
    client = client or exchange_client()
    direction = STATUS_INTENTS[intent]
    directions = tuple(STATUS_INTENTS.values()) if either_direction else (direction,)
    base: dict[str, Any] = {"source": "exchange", "external_id": external_id, "direction": direction}
    stuck_priority = "urgent" if distress else "high"

    def person(
        why: str, facts: dict[str, Any], *, skill_specialty: str = "", large: bool = False
    ) -> StatusOutcome:
        return StatusOutcome(
            settled=False,
            why=why,
            facts={**base, **facts},
            specialty=skill_specialty or specialty,
            priority="urgent" if (distress and large) else "high",
        )

    assets = client.assets()
    statuses = client.network_status()
    for what, fetched in (("assets", assets), ("network status", statuses)):
        if not fetched.ok:
            return person(f"the exchange's {what} could not be read: {fetched.error}", _read_error(fetched))
    rules: tuple[AssetNetwork, ...] = assets.value or ()
    network_states: tuple[NetworkStatus, ...] = statuses.value or ()

    found = _find_transfer(client, external_id, directions, text, mentions, [r.asset for r in rules], now=now)
    if isinstance(found, str):
        return person(found, {})
    if isinstance(found, Fetched):
        return person(f"the exchange could not be read: {found.error}", _read_error(found))
    transfer = found
    deposits: tuple[DepositAddress, ...] = ()
    if transfer.direction == "deposit":
        fetched_deposits = client.deposit_addresses(external_id)
        if not fetched_deposits.ok:
            return person(
                f"the customer's deposit addresses could not be read: {fetched_deposits.error}",
                {"transfer": jsonable(transfer), **_read_error(fetched_deposits)},
            )
        deposits = fetched_deposits.value or ()
    exchange = ExchangeFacts(deposit_addresses=deposits, rules=rules, statuses=network_states)
    diagnoses = _exchange_only(transfer, exchange) or diagnose(
        Case("tx_hash", transfer.tx_hash or transfer.id, transfer=transfer), exchange
    )
    large = transfer.amount >= LARGE.get(transfer.asset.upper(), Decimal("Infinity"))
    facts: dict[str, Any] = {
        "transfer": jsonable(transfer),
        "diagnoses": [d.as_dict() for d in diagnoses],
        "large_amount": large,
    }
    if len(diagnoses) != 1 or diagnoses[0].code not in SETTLED:
        codes = ", ".join(d.code for d in diagnoses) or "no diagnosis"
        skills = {d.skill for d in diagnoses if d.skill}
        chosen = SKILL_SPECIALTY.get(next(iter(skills)), "") if len(skills) == 1 else ""
        return person(
            f"the exchange's data needs a person ({codes})", facts, skill_specialty=chosen, large=large
        )
    diagnosis = diagnoses[0]
    status = next((s for s in network_states if s.network == transfer.network), None)
    rule = next((r for r in rules if r.asset == transfer.asset and r.network == transfer.network), None)
    limit, congested = _expected_limit(transfer, diagnosis.code, status, rule)
    if limit is not None:
        due = transfer.created_at + limit
        facts["expected_by"] = due.isoformat()
        if now > due:
            late = _hours(now - transfer.created_at)
            return person(f"{diagnosis.code} for {late}, past its expected time", facts, large=large)
    if distress:
        # The data would settle it, but a distressed customer gets a person, with the facts.
        return StatusOutcome(
            settled=False,
            why=f"distress ({diagnosis.code} is normal, told by a person)",
            facts={**base, **facts},
            specialty=specialty,
            priority=stuck_priority if large else "high",
        )
    remaining = (transfer.created_at + limit - now) if limit is not None else None
    reply = _reply(transfer, diagnosis, language, channel, remaining, congested)
    return StatusOutcome(
        settled=True,
        why=f"status answer from the exchange's data: {diagnosis.code}",
        reply=reply,
        facts={**base, **facts},
        specialty=specialty,
        priority="low",
    )


def _read_error(fetched: Fetched[Any]) -> dict[str, Any]:
    return {
        "exchange_error": fetched.error,
        "stale": fetched.stale,
        "fetched_at": fetched.fetched_at.isoformat() if fetched.fetched_at else None,
    }


def named_amounts(text: str) -> set[Decimal]:
    """The amounts a message gives ("2,500", "0.05", "1 200,50" read as best they can be)."""
    found: set[Decimal] = set()
    for raw in re.findall(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])", text):
        candidates = {raw.replace(",", ""), raw.replace(".", "").replace(",", "."), raw.replace(",", ".")}
        for candidate in candidates:
            try:
                value = Decimal(candidate)
            except ArithmeticError:
                continue
            if value.is_finite() and value > 0:
                found.add(value.normalize())
    return found


def _find_transfer(
    client: ExchangeReader,
    external_id: str,
    directions: tuple[str, ...],
    text: str,
    mentions: Sequence[tuple[str, str]],
    assets: Sequence[str],
    *,
    now: dt.datetime,
) -> Transfer | Fetched[Any] | str:
    """The transfer meant, a failed read, or why it cannot be told (a sentence for agents)."""
    what = " or ".join(directions)
    hashes = list(dict.fromkeys(value for kind, value in mentions if kind in TX_KINDS))
    if hashes:
        transfers: list[Transfer] = []
        for value in hashes[:3]:
            fetched = client.transfer_by_tx_hash(external_id, value)
            if not fetched.ok:
                return fetched
            if fetched.value is not None:
                transfers.append(fetched.value)
        if not transfers:
            return "the exchange has no transfer of this customer with the hash given"
        if len(transfers) > 1:
            return f"the message gives {len(transfers)} transfers' hashes"
        return transfers[0]
    history = client.transfers(external_id, limit=50)
    if not history.ok:
        return history
    wanted = [t for t in history.value or () if t.direction in directions and now - t.created_at <= RECENT]
    if not wanted:
        return f"no {what} in the last {RECENT.days} days"
    addresses = [value for kind, value in mentions if kind in ADDRESS_KINDS]
    if addresses:
        wanted = [t for t in wanted if any(same_address(t.address, a) for a in addresses)]
        if not wanted:
            return f"no recent {what} to or from the address given"
    networks = named_networks(text)
    named = named_assets(text, assets)
    if named:
        # A variant's symbol names its asset too: "USDC.e" is asked about as USDC.
        wanted = [t for t in wanted if t.asset.upper() in named or t.asset.upper().split(".")[0] in named]
    if networks:
        wanted = [t for t in wanted if t.network in networks]
    if not wanted:
        return f"no recent {what} of the asset or network named"
    amounts = named_amounts(text)
    same_amount = [t for t in wanted if t.amount.normalize() in amounts]
    if same_amount:
        wanted = same_amount
    # Withdrawal or deposit, when the reading could not tell: only a transfer the message names, and
    # only in one direction, is taken to be the one meant.
    if len(directions) > 1 and (not (same_amount or named) or len({t.direction for t in wanted}) > 1):
        return "the message does not say whether it is about a withdrawal or a deposit"
    what = wanted[0].direction if len({t.direction for t in wanted}) == 1 else what
    wanted.sort(key=lambda t: t.created_at, reverse=True)
    open_ = [t for t in wanted if t.status not in FINAL]
    if len(open_) > 1 and len({(t.asset, t.network, t.status) for t in open_}) > 1:
        return f"{len(open_)} open {what}s could be the one meant"
    if open_:
        return open_[0]
    latest = wanted[0]
    close = [t for t in wanted[1:] if latest.created_at - t.created_at < dt.timedelta(days=1)]
    if any((t.asset, t.network) != (latest.asset, latest.network) for t in close):
        return f"several recent {what}s could be the one meant"
    return latest


def _exchange_only(t: Transfer, exchange: ExchangeFacts) -> list[Diagnosis]:
    """What the exchange's own records show is wrong without the chain: triage's diagnoses read these
    off the chain, which tier 0 does not call."""
    params = {
        "amount": format(t.amount.normalize(), "f"),
        "asset": t.asset,
        "network": t.network,
        "tx": t.tx_hash,
    }
    seen = f"{t.direction.capitalize()} of {params['amount']} {t.asset} on {t.network}: {t.status}."
    if t.direction == "withdrawal":
        contracts = [
            r for r in exchange.rules if r.contract_address and same_address(r.contract_address, t.address)
        ]
        if contracts:
            return [
                Diagnosis(
                    Code.SENT_TO_CONTRACT,
                    t.tx_hash or t.id,
                    (
                        seen,
                        f"The destination {t.address} is the {contracts[0].asset} token contract, "
                        "not a wallet.",
                    ),
                    params,
                )
            ]
        return []
    if t.status == "completed":
        return []
    if not any(r.asset.upper() == t.asset.upper() for r in exchange.rules):
        return [
            Diagnosis(
                Code.UNSUPPORTED_TOKEN,
                t.tx_hash or t.id,
                (seen, f"The exchange lists no {t.asset} on any network."),
                params,
            )
        ]
    issued = [d for d in exchange.deposit_addresses if same_address(d.address, t.address)]
    networks = sorted({d.network for d in issued})
    if issued and t.network not in networks:
        return [
            Diagnosis(
                Code.WRONG_NETWORK,
                t.tx_hash or t.id,
                (seen, f"The address was issued for {', '.join(networks)}, not for {t.network}."),
                {**params, "expected_network": ", ".join(networks)},
            )
        ]
    listed = [r for r in exchange.rules if r.network == t.network and r.asset.upper() == t.asset.upper()]
    if not listed:
        return [
            Diagnosis(
                Code.UNSUPPORTED_TOKEN,
                t.tx_hash or t.id,
                (seen, f"The exchange does not list {t.asset} on {t.network}."),
                params,
            )
        ]
    deposit = next((d for d in issued if d.network == t.network and d.asset == t.asset), None) or next(
        (d for d in issued if d.network == t.network), None
    )
    if listed[0].memo_required or (deposit is not None and deposit.memo):
        if not t.memo:
            return [
                Diagnosis(
                    Code.MEMO_MISSING,
                    t.tx_hash or t.id,
                    (seen, f"Deposits on {t.network} need the customer's memo/tag; this one has none."),
                    params,
                )
            ]
        if deposit is not None and deposit.memo and t.memo != deposit.memo:
            return [
                Diagnosis(
                    Code.MEMO_WRONG,
                    t.tx_hash or t.id,
                    (seen, f"Its memo/tag {t.memo} is not the one issued to the customer."),
                    {**params, "memo": t.memo},
                )
            ]
    return []


def confirm_time(network: str, required: int, congested: bool) -> dt.timedelta:
    nominal = dt.timedelta(seconds=BLOCK_SECONDS.get(network, 60) * max(1, required) * CONFIRM_MARGIN)
    normal = max(CONFIRM_FLOOR, nominal)
    return normal * CONGESTION_FACTOR if congested else normal


def _expected_limit(
    t: Transfer, code: str, status: NetworkStatus | None, rule: AssetNetwork | None
) -> tuple[dt.timedelta | None, bool]:
    """How long after its creation the transfer is normally at its next step (None: it is done), and
    whether the network is congested."""
    congested = bool(status and status.congested)
    if code in (Code.CREDITED, Code.WITHDRAWAL_CONFIRMED):
        return None, congested
    if code == Code.WITHDRAWAL_QUEUED:
        if (status and status.withdrawals_suspended) or (rule is not None and not rule.withdrawals_enabled):
            return dt.timedelta(0), congested  # paused: a person tells when it resumes
        return (QUEUE_CONGESTED if congested else QUEUE_NORMAL), congested
    confirm = confirm_time(t.network, t.required_confirmations, congested)
    if code == Code.WITHDRAWAL_BROADCAST:
        return (QUEUE_CONGESTED if congested else QUEUE_NORMAL) + confirm, congested
    return confirm, congested


def _hours(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"


def network_name(network: str) -> str:
    return NETWORK_NAMES.get(network, network)


def _reply(
    t: Transfer,
    d: Diagnosis,
    language: str,
    channel: str,
    remaining: dt.timedelta | None,
    congested: bool,
) -> str:
    from assistant.answers import closing_line, reply_language
    from assistant.phrases import duration

    words = reply_language(language)
    network = network_name(t.network)
    expected = duration(max(remaining or dt.timedelta(0), dt.timedelta(minutes=5)).total_seconds(), words)
    have = t.confirmations
    need = t.required_confirmations
    sentence, state = {
        Code.WITHDRAWAL_QUEUED: (
            "status_withdrawal_queued_congested" if congested else "status_withdrawal_queued",
            "state_queued",
        ),
        Code.WITHDRAWAL_BROADCAST: ("status_withdrawal_broadcast", "state_broadcast"),
        Code.WITHDRAWAL_CONFIRMED: ("status_withdrawal_completed", "state_completed"),
        Code.AWAITING_CONFIRMATIONS: ("status_deposit_confirming", "state_confirming"),
        Code.CREDITED: ("status_deposit_credited", "state_credited"),
    }[d.code]
    if d.code in (Code.WITHDRAWAL_BROADCAST, Code.AWAITING_CONFIRMATIONS):
        have = int(d.params.get("confirmations", have) or have)
        need = int(d.params.get("required", need) or need)
    lines = [
        f"{phrase('fact_amount', words)}: {format(t.amount.normalize(), 'f')} {t.asset}",
        f"{phrase('fact_network', words)}: {network}",
        f"{phrase('fact_status', words)}: {phrase(state, words)}",
    ]
    if t.tx_hash and d.code != Code.WITHDRAWAL_QUEUED:
        count = phrase("confirmations_of", words, have=have, need=need)
        lines.append(f"{phrase('fact_confirmations', words)}: {count}")
        lines.append(f"{phrase('fact_tx', words)}: {t.tx_hash}")
    intro = phrase(f"status_intro_{t.direction}", words)
    body = phrase(sentence, words, network=network, expected=expected, confirmations=have, required=need)
    return "\n\n".join([intro, "\n".join(lines), body, closing_line(channel, words)])
