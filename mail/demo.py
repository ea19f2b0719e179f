"""The demo's support mailbox and a few messages through it, so the email channel shows its parts:
an email ticket with its acknowledgement, a threaded reply, and one message in quarantine.

Delivered through the same services as real mail; Message-IDs make a second run change nothing.
"""

from email.message import EmailMessage

from mail.models import Mailbox, Source
from mail.services import inbound_process, inbound_receive
from routing.models import Team

_FIRST_ID = "demo-mail-1@mail.example"


def _message(*, sender: str, subject: str, text: str, message_id: str, headers: dict[str, str]) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "CryptoX Support <support@cryptox.example>"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{message_id}>"
    for name, value in headers.items():
        msg[name] = value
    msg.set_content(text)
    # After set_content, which clears every Content-* header.
    msg["Content-Language"] = "de"
    return msg.as_bytes()


DEMO_MAIL: list[dict[str, str | dict[str, str]]] = [
    {
        "sender": "Jonas Becker <jonas.becker@mail.example>",
        "subject": "Auszahlung seit 6 Stunden ausstehend",
        "text": (
            "Hallo,\n\nmeine ETH-Auszahlung (1,2 ETH) steht seit heute Morgen auf „ausstehend“. "
            "Die Adresse ist meine eigene Ledger-Adresse. Bitte prüfen Sie das.\n\nJonas"
        ),
        "message_id": _FIRST_ID,
        "headers": {},
    },
    {
        "sender": "Jonas Becker <jonas.becker@mail.example>",
        "subject": "Re: Auszahlung seit 6 Stunden ausstehend",
        "text": "Nachtrag: die TxID wird in meinem Verlauf noch nicht angezeigt.\n\nJonas",
        "message_id": "demo-mail-2@mail.example",
        "headers": {"In-Reply-To": f"<{_FIRST_ID}>", "References": f"<{_FIRST_ID}>"},
    },
]
# A message with no sender address: it cannot be answered, so it waits in quarantine for an admin.
QUARANTINED = (
    b"From: undisclosed-recipients\r\nSubject: help\r\nMessage-ID: <demo-mail-3@mail.example>\r\n\r\nhelp\r\n"
)


def mail_demo_seed() -> Mailbox:
    team = Team.objects.filter(tier=1).order_by("pk").first()
    mailbox, _created = Mailbox.objects.get_or_create(
        address="support@cryptox.example",
        defaults={"name": "Support", "from_name": "CryptoX Support", "team": team, "language": "en"},
    )
    for spec in DEMO_MAIL:
        headers = spec["headers"]
        assert isinstance(headers, dict)
        raw = _message(
            sender=str(spec["sender"]),
            subject=str(spec["subject"]),
            text=str(spec["text"]),
            message_id=str(spec["message_id"]),
            headers=headers,
        )
        message, created = inbound_receive(raw=raw, source=Source.PIPE, mailbox=mailbox)
        if created:
            inbound_process(message=message)
    message, created = inbound_receive(raw=QUARANTINED, source=Source.PIPE, mailbox=mailbox)
    if created:
        inbound_process(message=message)
    return mailbox
