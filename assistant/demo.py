# ruff: noqa: RUF001 (the letters and punctuation of each language, not look-alikes)
"""Demo first messages for tier 0: customers writing in their own languages, through the web form and
the API (mail's own demo feeds its mailboxes). The worker reads each as `make run` starts: the routine
questions are answered from the help center, the rest go to the right specialists with the reasons on
the ticket."""

from __future__ import annotations

from dataclasses import dataclass

from customers.models import Customer
from intake.pipeline import ticket_open
from tickets.models import Channel, Ticket


@dataclass(frozen=True)
class FirstMessage:
    customer: str  # external id of a demo customer (workspace/management/demo_data.py)
    channel: str
    subject: str
    body: str


MESSAGES: tuple[FirstMessage, ...] = (
    FirstMessage(
        "EX-10001",
        Channel.WEB,
        "Trading fees",
        "Hi, what are your spot trading fees, and is there a discount for high volume?",
    ),
    FirstMessage(
        "EX-10002",
        Channel.WEB,
        "Autenticación en dos pasos",
        "Hola, ¿cómo activo la autenticación en dos pasos con Google Authenticator? Gracias.",
    ),
    FirstMessage(
        "EX-10005",
        Channel.WEB,
        "APIのレート制限",
        "APIのレート制限はどれくらいですか？websocketの接続数にも上限がありますか。",
    ),
    FirstMessage(
        "EX-10004",
        Channel.WEB,
        "Hesap kapatma",
        "Merhaba, hesabımı kalıcı olarak nasıl kapatabilirim? Kalan bakiyeme ne olur?",
    ),
    FirstMessage(
        "EX-10003",
        Channel.WEB,
        "Suporte no Telegram",
        "Um atendente de vocês me chamou no Telegram dizendo que minha conta vai ser bloqueada e pediu o "
        "código do meu autenticador para verificar. Já mandei o primeiro código, ele quer outro. É normal??",
    ),
    FirstMessage(
        "EX-10012",
        Channel.WEB,
        "Неправильна мережа",
        "Я відправила 300 USDT через BEP20 на адресу депозиту TRC20. Минуло 2 години, баланс нуль. "
        "Що робити?",
    ),
    FirstMessage(
        "EX-10009",
        Channel.WEB,
        "Third time writing",
        "This is my THIRD message about case HD-000004. It has been open for over two weeks and nobody "
        "answers. If I don't hear back by Friday I'm filing a complaint with the regulator.",
    ),
    FirstMessage(
        "EX-10008",
        Channel.API,
        "Price",
        "Will SOL go above 300 this month? Should I buy now or wait?",
    ),
)


def seed_tier0_demo() -> list[Ticket]:
    """Open the demo's first messages through intake (tier 0 reads them in the worker); a message already
    there (same customer and subject) is left as it is."""
    customers = {
        c.external_id: c for c in Customer.objects.filter(external_id__in={m.customer for m in MESSAGES})
    }
    opened: list[Ticket] = []
    for message in MESSAGES:
        customer = customers.get(message.customer)
        if customer is None or customer.tickets.filter(subject=message.subject).exists():
            continue
        opened.append(
            ticket_open(
                customer=customer, subject=message.subject, body=message.body, channel=message.channel
            )
        )
    return opened
