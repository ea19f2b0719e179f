# ruff: noqa: RUF001  (the Turkish message is written with the dotless i, as Turkish is)
"""Demo tickets that show triage on real data: a few demo customers write about a transaction the
reference exchange and the reference chains both know, so the look-up draws the intended diagnosis.

`seed_triage_demo()` runs after `seed_reference_exchange()` (the demo customers' exchange accounts exist)
and after the demo customers exist in the helpdesk. Idempotent: each ticket is opened once (found again
by its customer and subject), each exchange record once (by its public id)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from customers.models import Customer
from exchange.reference import scenario as exchange
from exchange.reference.models import Account
from intake.pipeline import ticket_open
from tickets.models import Ticket
from triage.chains.reference.evm import ACCOUNTS
from triage.chains.reference.scenarios import SCENARIO

ETH = SCENARIO["ethereum"]
BTC = SCENARIO["bitcoin"]
TRON = SCENARIO["tron"]
XRP = SCENARIO["xrp"]
# The deposit address the exchange issued on EVM networks, and the customer's own wallet, as the
# reference chains know them.
EVM_DEPOSIT = ACCOUNTS["deposit"]
CUSTOMER_WALLET = ACCOUNTS["customer"]


@dataclass(frozen=True)
class DemoCase:
    external_id: str
    language: str
    subject: str
    body: str
    # The diagnosis code the look-up draws (checked by tests/triage/test_demo_triage.py).
    code: str
    # Sets the exchange's records for the case (idempotent).
    records: Callable[[str], None]


def _evm_addresses(external_id: str) -> None:
    for asset in ("USDT", "ETH"):
        exchange.add_deposit_address(external_id, asset, "ethereum", address=EVM_DEPOSIT)


def _usdt_confirming(external_id: str) -> None:
    _evm_addresses(external_id)
    exchange.add_transfer(
        external_id,
        public_id="triage-demo-usdt-confirming",
        direction="deposit",
        asset="USDT",
        network="ethereum",
        amount=Decimal("75"),
        address=EVM_DEPOSIT,
        tx_hash=ETH["usdt_deposit_recent"],
        status="confirming",
        confirmations=3,
        created_at=exchange.ago(minutes=4),
    )


def _bitcoin(external_id: str) -> None:
    exchange.add_deposit_address(external_id, "BTC", "bitcoin", address=BTC["address_deposit"])


def _xrp(external_id: str) -> None:
    exchange.add_deposit_address(external_id, "XRP", "xrp", address=XRP["address_exchange"])


def _tron_credited(external_id: str) -> None:
    exchange.add_deposit_address(external_id, "USDT", "tron", address=TRON["address_deposit"])
    exchange.add_transfer(
        external_id,
        public_id="triage-demo-usdt-tron-credited",
        direction="deposit",
        asset="USDT",
        network="tron",
        amount=Decimal("250"),
        address=TRON["address_deposit"],
        tx_hash=TRON["usdt_deposit"],
        status="completed",
        created_at=exchange.ago(hours=2),
    )


def _withdrawal_queued(external_id: str) -> None:
    _evm_addresses(external_id)
    exchange.add_transfer(
        external_id,
        public_id="triage-demo-usdt-withdrawal-queued",
        direction="withdrawal",
        asset="USDT",
        network="ethereum",
        amount=Decimal("500"),
        address=CUSTOMER_WALLET,
        status="queued",
        created_at=exchange.ago(hours=3),
    )


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "EX-10002",
        "es",
        "Depósito de USDT (ERC-20) sin acreditar",
        "Hola, hace unos minutos envié 75 USDT por la red Ethereum (ERC-20) a mi dirección de depósito y "
        f"todavía no aparecen en mi saldo. El hash de la transacción es {ETH['usdt_deposit_recent']}. "
        "¿Podéis revisarlo? Gracias.",
        "awaiting_confirmations",
        _usdt_confirming,
    ),
    DemoCase(
        "EX-10003",
        "pt-br",
        "Depósito de USDT não chegou",
        "Olá! Enviei USDT para o meu endereço de depósito na rede Ethereum e até agora nada apareceu na "
        f"minha conta. Hash: {ETH['bridged_usdt_deposit']}. Podem verificar, por favor?",
        "unsupported_token",
        _evm_addresses,
    ),
    DemoCase(
        "EX-10007",
        "fr",
        "USDT envoyés mais pas reçus",
        "Bonjour, j'ai envoyé 300 USDT depuis mon portefeuille il y a deux heures, la transaction est "
        f"confirmée mais rien sur mon compte : {ETH['usdt_to_contract']}. Merci de regarder.",
        "sent_to_contract",
        _evm_addresses,
    ),
    DemoCase(
        "EX-10006",
        "de",
        "ETH-Einzahlung hängt seit Stunden",
        "Hallo, meine ETH-Einzahlung steht seit Stunden auf „ausstehend“ in meiner Wallet. "
        f"Transaktions-Hash: {ETH['native_deposit_stuck']}. Was kann ich tun?",
        "stuck_low_fee",
        _evm_addresses,
    ),
    DemoCase(
        "EX-10026",
        "ja",
        "ビットコインの入金が反映されません",
        "1時間ほど前にビットコインを入金用アドレスに送金しましたが、まだ残高に反映されていません。"
        f"トランザクションID: {BTC['deposit_unconfirmed']} ご確認をお願いします。",
        "awaiting_confirmations",
        _bitcoin,
    ),
    DemoCase(
        "EX-10024",
        "de",
        "XRP-Einzahlung fehlt",
        "Guten Tag, ich habe XRP über den XRP Ledger an die Einzahlungsadresse geschickt, aber das Guthaben "
        f"ist nicht da. Hash: {XRP['deposit_without_tag']}. Bitte prüfen Sie das.",
        "memo_missing",
        _xrp,
    ),
    DemoCase(
        "EX-10004",
        "tr",
        "TRC20 USDT yatırımı",
        "Merhaba, TRC20 ağı üzerinden 250 USDT yatırdım. İşlem hash'i: "
        f"{TRON['usdt_deposit']}. Bakiyeme geçti mi, kontrol edebilir misiniz?",
        "credited",
        _tron_credited,
    ),
    DemoCase(
        "EX-10001",
        "en",
        "Withdrawal pending for hours",
        "Hi, I requested a withdrawal of 500 USDT (ERC-20) to my wallet "
        f"{CUSTOMER_WALLET} three hours ago and it still shows as pending. When will it be sent?",
        "withdrawal_queued",
        _withdrawal_queued,
    ),
)


def seed_triage_demo() -> int:
    """Open the demo triage tickets (and the exchange records they are about); the number opened.

    A demo customer missing from the helpdesk or the reference exchange is skipped. The look-ups are
    queued after each commit, as for any customer message."""
    customers = {
        c.external_id: c
        for c in Customer.objects.filter(external_id__in=[case.external_id for case in CASES])
    }
    accounts = set(
        Account.objects.filter(external_id__in=list(customers)).values_list("external_id", flat=True)
    )
    exchange.ensure_catalogue()
    opened = 0
    for case in CASES:
        customer = customers.get(case.external_id)
        if customer is None or case.external_id not in accounts:
            continue
        case.records(case.external_id)
        if Ticket.objects.filter(customer=customer, subject=case.subject).exists():
            continue
        ticket_open(customer=customer, subject=case.subject, body=case.body, language=case.language)
        opened += 1
    return opened
