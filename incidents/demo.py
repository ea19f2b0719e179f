"""The demo incident `seed_demo` declares: Tron congestion delaying TRC-20 USDT withdrawals, with its
public message in six languages and a few demo customers' tickets linked (and answered)."""

# ruff: noqa: RUF001, E501

from django.db import transaction

from accounts.models import Role, User
from customers.models import Customer
from incidents.linking import incident_link
from incidents.models import Incident, LinkSource
from incidents.services import incident_declare
from intake.pipeline import ticket_open
from tickets.models import Category, Channel, Ticket

DEMO_TITLE = "Tron network congestion: TRC-20 USDT withdrawals delayed"
DEMO_MESSAGES = {
    "en": (
        "TRC-20 USDT withdrawals are delayed because the Tron network is congested. Your funds are safe: "
        "queued withdrawals will be sent as the network clears, and you do not need to withdraw again."
    ),
    "es": (
        "Los retiros de USDT por TRC-20 se están retrasando porque la red Tron está congestionada. Sus fondos "
        "están seguros: los retiros en cola se enviarán cuando la red se normalice; no hace falta repetirlos."
    ),
    "ru": (
        "Выводы USDT в сети TRC-20 задерживаются из-за перегрузки сети Tron. Ваши средства в безопасности: "
        "выводы в очереди будут отправлены, когда сеть разгрузится, повторять вывод не нужно."
    ),
    "tr": (
        "Tron ağındaki yoğunluk nedeniyle TRC-20 USDT çekimleri gecikiyor. Varlıklarınız güvende: sıradaki "
        "çekimler ağ rahatladıkça gönderilecek, çekimi tekrarlamanıza gerek yok."
    ),
    "vi": (
        "Lệnh rút USDT qua mạng TRC-20 đang bị chậm do mạng Tron quá tải. Tài sản của bạn vẫn an toàn: các "
        "lệnh rút đang chờ sẽ được gửi khi mạng thông thoáng, bạn không cần rút lại."
    ),
    "pt-br": (
        "Os saques de USDT pela rede TRC-20 estão atrasados por causa do congestionamento da rede Tron. Seus "
        "fundos estão seguros: os saques na fila serão enviados assim que a rede normalizar; não é preciso "
        "sacar de novo."
    ),
}
# Demo customers (tickets/management/demo_data.py) writing about it, each in their own language.
DEMO_MESSAGES_IN = (
    ("EX-10002", "es", "Retiro de USDT TRC20 pendiente", "Hice un retiro de 800 USDT por TRC20 hace dos horas y sigue pendiente."),
    ("EX-10008", "ru", "Вывод USDT TRC-20 не пришёл", "Вывод 15 000 USDT по сети TRC-20 висит уже три часа. Что происходит?"),
    ("EX-10004", "tr", "TRC20 USDT çekimi beklemede", "TRC20 ağı üzerinden 1.200 USDT çekim yaptım, hâlâ beklemede görünüyor."),
    ("EX-10010", "vi", "Rút USDT TRC20 chưa về", "Tôi rút 300 USDT qua mạng TRC20 từ sáng mà vẫn chưa nhận được."),
    ("EX-10003", "pt-br", "Saque de USDT TRC20 atrasado", "Fiz um saque de 950 USDT pela rede TRC20 e ainda não chegou."),
)  # fmt: skip
# The withdrawal ticket seed_demo itself opens about the same thing.
EXISTING_SUBJECT = "USDT withdrawal pending for 3 hours"


def _declarer() -> User | None:
    return (
        User.objects.filter(username="kenji", is_active=True).first()
        or User.objects.filter(role__in=[Role.SUPERVISOR, Role.ADMIN], is_active=True).order_by("pk").first()
    )


def seed_demo_incident() -> Incident | None:
    """Declare the demo incident and link a few demo tickets to it; run again, it changes nothing.
    Returns None when there is no supervisor to declare it (seed the demo people first)."""
    incident = Incident.objects.filter(title=DEMO_TITLE).order_by("pk").first()
    actor = _declarer()
    if actor is None:
        return incident
    with transaction.atomic():
        if incident is None:
            incident = incident_declare(
                actor=actor,
                title=DEMO_TITLE,
                status="identified",
                networks=["tron"],
                assets=["USDT"],
                features=["withdrawals"],
                keywords=["trc20 delay", "trc-20 delay", "usdt trc20 pending"],
                messages=DEMO_MESSAGES,
            )
        if not incident.is_active:
            return incident
        customers = {
            c.external_id: c
            for c in Customer.objects.filter(external_id__in=[m[0] for m in DEMO_MESSAGES_IN])
        }
        tickets = list(Ticket.objects.filter(subject=EXISTING_SUBJECT)[:1])
        for external_id, language, subject, body in DEMO_MESSAGES_IN:
            customer = customers.get(external_id)
            if customer is None:
                continue
            ticket = Ticket.objects.filter(customer=customer, subject=subject).first()
            if ticket is None:
                ticket = ticket_open(
                    customer=customer,
                    subject=subject,
                    body=body,
                    channel=Channel.WEB,
                    category=Category.WITHDRAWAL,
                    language=language,
                )
            tickets.append(ticket)
        for ticket in tickets:
            # Intake links them itself once its incident step runs; this covers a seed without it.
            incident_link(
                incident=incident, ticket=ticket, actor=None, source=LinkSource.DEMO, reason="demo data"
            )
    return incident
