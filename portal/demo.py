"""The portal's demo: the widget demo page's signed-in customer (livechat.views.DEMO_CUSTOMER) has a
few tickets to open from its "My support tickets" link, one answered and waiting for them, one solved
(so the satisfaction survey the CSAT sweep sends can be answered from the portal). Safe to run again."""

from django.db import transaction

from accounts.models import User
from assistant.steps import assistant_paused
from casework.services import ticket_reply, ticket_set_status
from customers.models import Customer
from customers.services import customer_upsert
from intake.pipeline import ticket_open
from livechat.views import DEMO_CUSTOMER
from tickets.models import Category, Channel, Status, Ticket

DEMO_TICKETS = (
    (
        "USDT (TRC20) withdrawal still pending",
        "My 12,000 USDT withdrawal on TRC20 has been pending since this morning. Can you check it?",
        "Thanks for your patience, Vera. The withdrawal is in the final review queue. Could you confirm "
        "the destination address is your own wallet and not an exchange deposit address?",
        Status.PENDING,
    ),
    (
        "BTC deposit not credited",
        "I sent 0.25 BTC yesterday and it is not in my balance yet.",
        "The deposit reached the required confirmations and is now credited to your balance. Sorry for "
        "the wait!",
        Status.SOLVED,
    ),
)


def seed_portal_demo() -> int:
    """Opens the demo customer's tickets that are missing; returns how many it opened."""
    agent = User.objects.filter(username="emma").first()
    if agent is None:
        return 0
    claims = {k: v for k, v in DEMO_CUSTOMER.items() if k != "sub"}
    opened = 0
    # History agents already worked: tier 0 does not read it again.
    with transaction.atomic(), assistant_paused():
        customer = Customer.objects.filter(external_id=DEMO_CUSTOMER["sub"]).first()
        if customer is None:
            customer, _created = customer_upsert(external_id=DEMO_CUSTOMER["sub"], **claims)
        for subject, message, reply, status in DEMO_TICKETS:
            if Ticket.objects.filter(customer=customer, subject=subject).exists():
                continue
            ticket = ticket_open(
                customer=customer,
                subject=subject,
                body=message,
                channel=Channel.EMAIL,
                category=Category.WITHDRAWAL if "withdrawal" in subject else Category.DEPOSIT,
            )
            ticket_reply(ticket=ticket, author=agent, body=reply)
            ticket_set_status(ticket=ticket, actor=agent, status=status)
            opened += 1
    return opened
