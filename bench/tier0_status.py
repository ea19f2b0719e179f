# ruff: noqa: E501, RUF001 (tables of messages, one per line, in the customers' languages)
"""Tier 0's first-message resolution on the reference exchange: how many first messages it resolves
(answered, and answered right) with article answers and status answers from the exchange's data, and how
many it answers wrongly.

A gunicorn process serves this project (the reference exchange at /reference-exchange/) from a
throwaway PostgreSQL database with the help center's seed articles and the reference exchange's seed
(demo customers and SCENARIOS). This process plays the worker: for each first message it reads the
message (`assistant.engine.read`, or, with `--readings labelled` or while the engine has no trained model,
the message's own label as the reading) and runs `assistant.decide.decide` with the customer's
`external_id` set, as for a sender the exchange vouches for; every status answer is read from the
exchange over real HTTP through the signed client.

The messages, in eight languages, are what an exchange's support receives first:
- "where is my withdrawal / deposit" about the customer's actual transfers: normal ones (queued a few
  minutes ago, broadcast with some confirmations, confirmed, a deposit awaiting confirmations, a credited
  deposit) and abnormal ones (queued for hours, failed, in review, without its memo, over the wrong
  network, confirmed but not credited, on a network whose deposits are suspended, a large amount with a
  panicking customer), each customer with older completed transfers as history;
- the reference exchange's own SCENARIOS, asked about by their customers;
- how-to questions the help center answers, out-of-scope messages, and account, security and complaint
  messages that always go to a person.

Each message carries what a correct decision is: an answer (from one of the named articles, or a status
answer with the named diagnosis) or a hand-off. "Resolved" counts the messages answered and right;
"answered wrongly" the ones answered when a person was needed, or answered from the wrong article or
diagnosis.

    .venv/bin/python bench/tier0_status.py
    .venv/bin/python bench/tier0_status.py --readings labelled
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "hd_decide_bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["HELPDESK_SITE_URL"] = BASE
os.environ["EXCHANGE_API_URL"] = f"{BASE}/reference-exchange/api/v1"
os.environ["REFERENCE_EXCHANGE_ENABLED"] = "true"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import ServerProcess, log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"

HANDOFF = "handoff"


@dataclass
class Message:
    kind: str  # status_normal | status_abnormal | scenario | how_to | out_of_scope | person
    name: str
    language: str
    text: str
    intent: str
    external_id: str
    # "handoff", or what a right answer is: article slugs, or "status:<diagnosis code>"
    expected: str | tuple[str, ...]
    distress: bool = False
    mentions: tuple[tuple[str, str], ...] = ()
    specialty: str = ""
    result: dict[str, Any] = field(default_factory=dict)


# --- Status questions, in eight languages ------------------------------------------------------------

WITHDRAWAL = {
    "en": "Hi, I withdrew {amount} {asset} a little while ago and it hasn't arrived yet. Where is it?",
    "es": "Hola, hice un retiro de {amount} {asset} hace un rato y todavía no ha llegado. ¿Dónde está?",
    "pt": "Oi, fiz um saque de {amount} {asset} há pouco e ainda não chegou. Onde está?",
    "fr": "Bonjour, j'ai fait un retrait de {amount} {asset} tout à l'heure et il n'est pas arrivé. Où en est-il ?",
    "de": "Hallo, ich habe vorhin {amount} {asset} ausgezahlt und es ist noch nicht angekommen. Wo ist es?",
    "tr": "Merhaba, az önce {amount} {asset} çektim ama hâlâ gelmedi. Nerede?",
    "it": "Ciao, poco fa ho prelevato {amount} {asset} e non è ancora arrivato. Dov'è?",
    "ru": "Здравствуйте, недавно вывел {amount} {asset}, но средства так и не пришли. Где они?",
}
DEPOSIT = {
    "en": "I deposited {amount} {asset} and it is not in my balance yet. Can you check?",
    "es": "Deposité {amount} {asset} y todavía no aparece en mi saldo. ¿Podéis revisarlo?",
    "pt": "Depositei {amount} {asset} e ainda não aparece no meu saldo. Podem verificar?",
    "fr": "J'ai déposé {amount} {asset} et ce n'est toujours pas sur mon solde. Pouvez-vous vérifier ?",
    "de": "Ich habe {amount} {asset} eingezahlt, aber es ist noch nicht in meinem Guthaben. Können Sie das prüfen?",
    "tr": "{amount} {asset} yatırdım ama bakiyemde hâlâ görünmüyor. Kontrol edebilir misiniz?",
    "it": "Ho depositato {amount} {asset} ma non è ancora nel mio saldo. Potete controllare?",
    "ru": "Я пополнил счёт на {amount} {asset}, но на балансе ничего нет. Можете проверить?",
}
WITH_HASH = {
    "en": " The transaction hash is {tx}.",
    "es": " El hash de la transacción es {tx}.",
    "pt": " O hash da transação é {tx}.",
    "fr": " Le hash de la transaction est {tx}.",
    "de": " Der Transaktions-Hash ist {tx}.",
    "tr": " İşlem hash'i: {tx}.",
    "it": " L'hash della transazione è {tx}.",
    "ru": " Хеш транзакции: {tx}.",
}
PANIC = {
    "en": "PLEASE HELP!!! I withdrew {amount} {asset}, it is ALL MY SAVINGS and it's gone, I can't breathe",
    "es": "POR FAVOR AYUDA!!! retiré {amount} {asset}, son TODOS MIS AHORROS y no están, estoy desesperado",
    "de": "BITTE HELFEN SIE!!! Ich habe {amount} {asset} ausgezahlt, das sind ALLE MEINE ERSPARNISSE",
    "pt": "SOCORRO!!! saquei {amount} {asset}, são TODAS AS MINHAS ECONOMIAS e sumiu",
}
TX_KIND = {"tron": "tron_tx", "bitcoin": "btc_tx", "solana": "sol_tx"}
LANGS = tuple(WITHDRAWAL)


@dataclass(frozen=True)
class Case:
    name: str
    direction: str
    asset: str
    network: str
    amount: str
    status: str
    minutes_ago: float
    expected: str  # "status:<code>" or "handoff"
    confirmations: int | None = None
    required: int | None = None
    memo: str = ""
    hash_in_message: bool = False
    wrong_address_network: str = ""  # a deposit sent to the address issued for this other network
    distress: bool = False


NORMAL = (
    Case("withdrawal_queued", "withdrawal", "USDT", "tron", "250", "queued", 9, "status:withdrawal_queued"),
    Case("withdrawal_broadcast", "withdrawal", "ETH", "ethereum", "0.8", "broadcast", 6, "status:withdrawal_broadcast",
         confirmations=4, required=12),
    Case("withdrawal_confirmed", "withdrawal", "USDT", "ethereum", "1200", "completed", 70, "status:withdrawal_confirmed"),
    Case("deposit_confirming_btc", "deposit", "BTC", "bitcoin", "0.05", "confirming", 15, "status:awaiting_confirmations",
         confirmations=1, required=3),
    Case("deposit_credited", "deposit", "USDT", "tron", "300", "completed", 40, "status:credited", hash_in_message=True),
    Case("deposit_confirming_eth", "deposit", "ETH", "ethereum", "0.4", "confirming", 2, "status:awaiting_confirmations",
         confirmations=5, required=12),
)  # fmt: skip
ABNORMAL = (
    Case("withdrawal_stuck_in_queue", "withdrawal", "USDT", "tron", "900", "queued", 200, HANDOFF),
    Case("withdrawal_failed", "withdrawal", "USDT", "ethereum", "150", "failed", 30, HANDOFF),
    Case("withdrawal_in_review", "withdrawal", "BTC", "bitcoin", "0.3", "review", 90, HANDOFF),
    Case("deposit_memo_missing", "deposit", "XRP", "xrp", "800", "pending", 60, HANDOFF, confirmations=1, required=1),
    Case("deposit_wrong_network", "deposit", "USDT", "bsc", "500", "pending", 120, HANDOFF,
         confirmations=15, required=15, wrong_address_network="ethereum"),
    Case("deposit_not_credited", "deposit", "USDT", "tron", "700", "pending", 180, HANDOFF,
         confirmations=19, required=19, hash_in_message=True),
    Case("deposit_on_suspended_network", "deposit", "SOL", "solana", "12", "pending", 45, HANDOFF,
         confirmations=1, required=1),
    Case("large_withdrawal_panicking", "withdrawal", "BTC", "bitcoin", "2.5", "queued", 8, HANDOFF, distress=True),
)  # fmt: skip

# What each seeded scenario's customer would write, and what a right decision is.
SCENARIO_MESSAGES = {
    "deposit_waiting_for_confirmations": ("deposit_not_credited", "ETH", "status:awaiting_confirmations"),
    "deposit_on_suspended_network": ("deposit_not_credited", "SOL", HANDOFF),
    "deposit_below_minimum": ("deposit_not_credited", "USDT", HANDOFF),
    "deposit_over_wrong_network": ("deposit_not_credited", "USDC", HANDOFF),
    "deposit_unsupported_token": ("deposit_not_credited", "USDC.e", HANDOFF),
    "deposit_missing_xrp_tag": ("deposit_not_credited", "XRP", HANDOFF),
    "deposit_missing_ton_memo": ("deposit_not_credited", "TON", HANDOFF),
    "withdrawal_in_review": ("withdrawal_pending", "USDT", HANDOFF),
    "withdrawal_queued": ("withdrawal_pending", "USDT", HANDOFF),  # queued 3 hours: past its normal time
    "withdrawal_broadcast_congested": (
        "withdrawal_pending",
        "BTC",
        HANDOFF,
    ),  # 14 hours without a confirmation
    "withdrawal_completed": ("withdrawal_pending", "USDT", "status:withdrawal_confirmed"),
    "withdrawal_to_contract": ("withdrawal_pending", "ETH", HANDOFF),
}

# --- How-to, out-of-scope and person-only first messages -------------------------------------------

HOW_TO: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("en", "fees_info", "What are your maker and taker fees for spot trading?", ("trading-fee-schedule",)),
    ("es", "fees_info", "¿Por qué la comisión de retiro de USDT en ERC20 es tan cara?", ("withdrawal-fees",)),
    ("de", "fees_info", "Wie hoch sind die Handelsgebühren und gibt es Rabatte bei hohem Volumen?", ("trading-fee-schedule",)),
    ("en", "deposit_networks_info", "Which network should I use to deposit USDT, TRC20 or ERC20?", ("choosing-a-network",)),
    ("fr", "deposit_networks_info", "Faut-il un tag pour déposer des XRP ?", ("deposit-missing-memo",)),
    ("en", "withdrawal_limits_info", "What is the daily withdrawal limit and the minimum withdrawal?", ("withdrawal-minimums-limits",)),
    ("pt", "withdrawal_limits_info", "Qual é o limite diário de saque?", ("withdrawal-minimums-limits",)),
    ("en", "twofa_setup_howto", "How do I set up Google Authenticator for 2FA?", ("enable-2fa",)),
    ("es", "twofa_setup_howto", "¿Cómo activo la autenticación en dos pasos?", ("enable-2fa",)),
    ("en", "twofa_setup_howto", "How do I set an anti-phishing code for your emails?", ("anti-phishing-code",)),
    ("en", "kyc_process_info", "Which documents do you accept for identity verification?", ("accepted-id-documents",)),
    ("de", "kyc_process_info", "Welche Verifizierungsstufen gibt es und welche Limits haben sie?", ("verification-levels",)),
    ("fr", "kyc_process_info", "Quels justificatifs de domicile acceptez-vous ?", ("proof-of-address",)),
    ("en", "supported_countries_info", "I'm moving from Spain to Portugal, what happens to my account?", ("supported-countries-and-moving",)),
    ("en", "api_usage_info", "What are the API rate limits? I keep getting 429", ("api-rate-limits",)),
    ("de", "api_usage_info", "Wie erstelle ich einen API-Schlüssel nur mit Leserechten?", ("create-api-key",)),
    ("en", "staking_info", "How long does unstaking take for locked staking?", ("staking-rewards",)),
    ("es", "staking_info", "¿Cuándo se pagan las recompensas de staking?", ("staking-rewards",)),
    ("en", "block_explorer_howto", "Where do I find the TxID of my withdrawal?", ("find-transaction-id",)),
    ("it", "block_explorer_howto", "Come trovo l'hash della transazione?", ("find-transaction-id",)),
    ("en", "account_closure_info", "How do I delete my account and what happens to my data?", ("closing-your-account",)),
    ("fr", "account_closure_info", "Comment clôturer mon compte ?", ("closing-your-account",)),
    ("en", "referral_info", "How does the referral program work? Where is my referral link?", ("referral-programme",)),
    ("tr", "referral_info", "Referans programı nasıl çalışıyor?", ("referral-programme",)),
    ("en", "tax_documents_info", "How can I export my transaction history for my taxes?", ("transaction-history-and-tax-documents",)),
    ("de", "tax_documents_info", "Wo finde ich meinen Jahresauszug für die Steuer?", ("transaction-history-and-tax-documents",)),
    ("en", "trading_basics_info", "What's the difference between a limit order and a market order?", ("order-types-and-first-purchase",)),
    ("pt", "trading_basics_info", "Como compro cripto pela primeira vez?", ("order-types-and-first-purchase",)),
    ("en", "p2p_howto", "How does P2P escrow work when I sell USDT?", ("p2p-trading-how-it-works",)),
    ("es", "p2p_howto", "¿Cómo funciona el P2P y cuánto tiempo tengo para pagar?", ("p2p-trading-how-it-works",)),
    ("ru", "fees_info", "Какие комиссии за вывод USDT в сети TRC20?", ("withdrawal-fees",)),
    ("ru", "twofa_setup_howto", "Как включить двухфакторную аутентификацию?", ("enable-2fa",)),
)  # fmt: skip
OUT_OF_SCOPE: tuple[tuple[str, str, str, tuple[str, ...] | str], ...] = (
    ("en", "off_topic_chitchat", "hello", ("",)),
    ("es", "off_topic_chitchat", "hola buenas", ("",)),
    ("en", "price_prediction", "Will BTC go up next week? Should I buy now?", ("no-investment-advice",)),
    ("de", "price_prediction", "Welcher Coin wird als nächstes gelistet? Lohnt sich SOL?", ("no-investment-advice",)),
    ("en", "other_exchange_account", "My Binance account is locked, can you help me unlock it?", ("other-platforms-and-own-wallets",)),
    ("en", "unsupported_request", "I sent ETH to the wrong address, please reverse the transaction", ("what-support-cannot-do",)),
)  # fmt: skip
PERSON: tuple[tuple[str, str, str, str, bool], ...] = (
    ("en", "kyc_rejected_or_loop", "My verification was rejected three times, why??", "kyc_verification", False),
    ("es", "account_locked", "Mi cuenta está bloqueada y no puedo retirar", "account_security", False),
    ("en", "twofa_reset_request", "I lost my phone with the authenticator, I need a 2FA reset", "account_security", False),
    ("de", "account_hacked", "Jemand hat sich in mein Konto eingeloggt und alles abgezogen!!", "account_security", True),
    ("en", "phishing_report", "I got an email asking me to verify my wallet, is it you?", "account_security", False),
    ("en", "support_impersonation", "Your support agent on Telegram asked for my seed phrase", "account_security", False),
    ("pt", "card_payment_failed", "Meu cartão foi cobrado mas a cripto não chegou", "payments_fiat", False),
    ("en", "p2p_dispute", "The seller won't release my USDT after I paid", "p2p", False),
    ("en", "complaint_repeat_followup", "Third time writing about case HD-104233, open for two weeks", "executive", False),
    ("fr", "legal_threat", "Sans réponse sous 48h je saisis mon avocat", "executive", False),
    ("en", "margin_liquidation_complaint", "My position was liquidated before the price reached my liquidation price", "trading", False),
    ("en", "email_change_request", "I need to change my account email, I lost access to the old one", "account_security", False),
)  # fmt: skip


# --- Building the exchange's state ---------------------------------------------------------------


def prepare() -> list[Message]:
    from django.core.management import call_command
    from django.utils import timezone

    from exchange.reference import scenario as exchange
    from exchange.reference.addresses import address_for
    from exchange.reference.seed import SCENARIOS, demo_customers, seed_reference_exchange
    from knowledgebase.seed_loader import kb_seed_load

    call_command("migrate", verbosity=0)
    kb_seed_load()
    seed_reference_exchange()
    languages = {c.external_id: c.language for c in demo_customers()}
    messages: list[Message] = []

    # The reference exchange's scenarios, asked about by their own customers.
    for sc in SCENARIOS:
        intent, asset, expected = SCENARIO_MESSAGES[sc.name]
        language = _bench_language(languages.get(sc.external_id, "en"))
        template = WITHDRAWAL if intent == "withdrawal_pending" else DEPOSIT
        amount = str(exchange.Transfer.objects.get(public_id=sc.public_id).amount.normalize())
        messages.append(
            Message("scenario", sc.name, language, template[language].format(amount=amount, asset=asset), intent,
                    sc.external_id, expected)
        )  # fmt: skip

    # Customers of the reference exchange writing about their own, fresh transfers.
    number = 0
    for round_ in range(8):
        for case in NORMAL + (ABNORMAL if round_ < 5 else ()):
            number += 1
            external_id = f"EX-3{number:04d}"
            language = LANGS[number % len(LANGS)]
            if case.distress:
                language = tuple(PANIC)[number % len(PANIC)]
            exchange.add_account(external_id)
            for asset, network in (("USDT", "tron"), ("ETH", "ethereum"), ("BTC", "bitcoin"), ("XRP", "xrp")):
                exchange.add_deposit_address(external_id, asset, network)
            # History: the customer's older transfers, all completed.
            for days, (asset, network, amount) in enumerate(
                (("USDT", "tron", "100"), ("BTC", "bitcoin", "0.01")), 3
            ):
                exchange.add_transfer(
                    external_id, direction=case.direction, asset=asset, network=network, amount=amount,
                    status="completed", created_at=exchange.ago(days=days), completed_at=exchange.ago(days=days),
                )  # fmt: skip
            address = ""
            if case.wrong_address_network:
                address = exchange.add_deposit_address(
                    external_id, case.asset, case.wrong_address_network
                ).address
            elif case.direction == "withdrawal":
                address = address_for(case.network, f"bench-destination:{external_id}")
            created = timezone.now() - dt.timedelta(minutes=case.minutes_ago)
            transfer = exchange.add_transfer(
                external_id, direction=case.direction, asset=case.asset, network=case.network, amount=case.amount,
                status=case.status, confirmations=case.confirmations, required=case.required, memo=case.memo,
                address=address, created_at=created,
            )  # fmt: skip
            template = PANIC if case.distress else (WITHDRAWAL if case.direction == "withdrawal" else DEPOSIT)
            text = template[language].format(amount=case.amount, asset=case.asset)
            mentions: tuple[tuple[str, str], ...] = ()
            if case.hash_in_message and transfer.tx_hash:
                text += WITH_HASH[language].format(tx=transfer.tx_hash)
                mentions = ((TX_KIND.get(case.network, "eth_tx"), transfer.tx_hash),)
            intent = "withdrawal_pending" if case.direction == "withdrawal" else "deposit_not_credited"
            kind = "status_abnormal" if case.expected == HANDOFF else "status_normal"
            messages.append(
                Message(kind, case.name, language, text, intent, external_id, case.expected,
                        distress=case.distress, mentions=mentions)
            )  # fmt: skip

    # How-to, out-of-scope and person-only messages, from the demo customers.
    demo = [c.external_id for c in demo_customers()]
    for i, (language, intent, text, slugs) in enumerate(HOW_TO):
        messages.append(Message("how_to", intent, language, text, intent, demo[i % len(demo)], slugs))
    for i, (language, intent, text, slugs) in enumerate(OUT_OF_SCOPE):
        messages.append(Message("out_of_scope", intent, language, text, intent, demo[i % len(demo)], slugs))
    for i, (language, intent, text, specialty, distress) in enumerate(PERSON):
        messages.append(
            Message("person", intent, language, text, intent, demo[i % len(demo)], HANDOFF, distress=distress,
                    specialty=specialty)
        )  # fmt: skip
    return messages


def _bench_language(code: str) -> str:
    base = code.split("-", 1)[0]
    return base if base in WITHDRAWAL else "en"


# --- Reading and deciding ------------------------------------------------------------------------


def labelled_reading(m: Message) -> Any:
    from assistant.taxonomy import INTENTS
    from assistant.types import Mention, Reading

    intent = INTENTS[m.intent]
    return Reading(
        text=m.text,
        language=m.language,
        language_confidence=1.0,
        intent=m.intent,
        confidence=1.0,
        threshold=0.5,
        scores=((m.intent, 1.0),),
        specialty=m.specialty or intent.team,
        priority="high" if intent.group != "how_to" else "low",
        distress=m.distress,
        social_engineering_risk=m.intent == "support_impersonation",
        mentions=tuple(Mention(kind, value) for kind, value in m.mentions),
    )


def judge(m: Message, decision: Any) -> str:
    """right | wrong (answered when it should not, or from the wrong source) | handoff_ok | missed."""
    if m.expected == HANDOFF:
        return "wrong" if decision.answers else "handoff_ok"
    if not decision.answers:
        return "missed"
    if isinstance(m.expected, str) and m.expected.startswith("status:"):
        codes = [d.get("code") for d in decision.facts.get("diagnoses", [])]
        return "right" if codes == [m.expected.split(":", 1)[1]] else "wrong"
    return "right" if decision.article in m.expected else "wrong"


def run(messages: list[Message], mode: str) -> str:
    from django.utils import timezone

    from assistant.decide import Context, decide

    reader = labelled_reading
    if mode != "labelled":
        try:
            from assistant.engine import read

            read("warm up", channel="email")
            reader = lambda m: read(m.text, channel="email")  # noqa: E731
            mode = "engine"
        except Exception as exc:  # the engine has no trained model yet
            if mode == "engine":
                raise
            log(f"the engine cannot read yet ({type(exc).__name__}: {exc}); using the labelled readings")
            mode = "labelled"
    for m in messages:
        reading = reader(m)
        context = Context(
            channel="email",
            answers_allowed=True,
            failed_answers=0,
            previous_articles=(),
            external_id=m.external_id,
            now=timezone.now(),
        )
        t0 = time.perf_counter()
        decision = decide(reading, context=context)
        m.result = {
            "decision": decision.kind,
            "why": decision.why,
            "article": decision.article,
            "codes": [d.get("code") for d in decision.facts.get("diagnoses", [])],
            "verdict": judge(m, decision),
            "seconds": time.perf_counter() - t0,
            "intent_read": reading.intent,
        }
    return mode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readings", choices=("auto", "engine", "labelled"), default="auto")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}")
    reset_database(DB)
    import django

    django.setup()
    messages = prepare()
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"), "helpdesk.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2",
        "--threads", "4", "--log-level", "warning",
    ]  # fmt: skip
    with ServerProcess(cmd, env={**os.environ}, port=PORT, name="gunicorn", wait_seconds=60):
        log(f"gunicorn up on {BASE}; {len(messages)} first messages")
        mode = run(messages, args.readings)

    total = len(messages)
    verdicts = Counter(m.result["verdict"] for m in messages)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for m in messages:
        by_kind[m.kind][m.result["verdict"]] += 1
    by_language: dict[str, Counter[str]] = defaultdict(Counter)
    for m in messages:
        by_language[m.language][m.result["verdict"]] += 1
    status = [m for m in messages if m.kind in ("scenario", "status_normal", "status_abnormal")]
    figures = {
        "readings": mode,
        "messages": total,
        "resolved_share": verdicts["right"] / total,
        "answered_wrongly_share": verdicts["wrong"] / total,
        "status_questions": len(status),
        "status_resolved_share": sum(m.result["verdict"] == "right" for m in status) / max(1, len(status)),
        "verdicts": dict(verdicts),
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "by_language": {k: dict(v) for k, v in sorted(by_language.items())},
        "wrong": [
            {"name": m.name, "language": m.language, "expected": m.expected, **m.result}
            for m in messages
            if m.result["verdict"] == "wrong"
        ],
        "missed": [
            {"name": m.name, "language": m.language, "expected": m.expected, "why": m.result["why"]}
            for m in messages
            if m.result["verdict"] == "missed"
        ],
    }
    (RESULTS / "tier0_status.json").write_text(json.dumps(figures, indent=2, default=str))
    log(
        f"readings: {mode}; {total} first messages: resolved {verdicts['right']} "
        f"({figures['resolved_share']:.1%}), answered wrongly {verdicts['wrong']} "
        f"({figures['answered_wrongly_share']:.1%}), handed off rightly {verdicts['handoff_ok']}, "
        f"handed off though answerable {verdicts['missed']}; of the {len(status)} status questions "
        f"{figures['status_resolved_share']:.1%} resolved from the exchange's data"
    )
    for kind, counts in figures["by_kind"].items():
        log(f"  {kind:16} {counts}")
    for item in figures["wrong"] + figures["missed"]:
        log(f"  ! {item['name']} [{item['language']}] expected {item['expected']}: {item['why']}")


if __name__ == "__main__":
    main()
