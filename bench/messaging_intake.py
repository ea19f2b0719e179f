"""Webhook intake of the messaging channels, per channel, against the bare stack in the same run.

Deliveries are a day of customers writing to the exchange's bot: `--users` people, each writing
`--deliveries / --users` messages, so the first of each opens a ticket and the others thread on it.
In one run, on one throwaway database:

- **helpdesk**: each delivery POSTed through Django's whole stack (middleware, URL, the real webhook
  view: the provider's signature checked, the body parsed, the replay guard, the contact, the ticket
  opened or threaded through intake with its steps, audited), in process with Django's test client,
  so the figure is the server's work, not a network's;
- **bare stack**: the same raw bodies stored as one row each (one INSERT) through the same connection:
  the floor any webhook receiver on this stack pays.

Nobody is vouched for: the exchange is pointed at a closed port (its look-up fails at once, as when the
exchange is down; a vouched contact costs the exchange's answer time on its first message only).

    .venv/bin/python bench/messaging_intake.py --channel telegram
    .venv/bin/python bench/messaging_intake.py --channel telegram --deliveries 500   # quicker

Each channel's helper adds its case to CASES: how to set up its account and build its deliveries.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_DB", "helpdesk_bench_messaging")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Closed port: identity look-ups fail fast and vouch for nobody.
os.environ["EXCHANGE_API_URL"] = "http://127.0.0.1:9/reference-exchange/api/v1"
os.environ["EXCHANGE_RETRIES"] = "0"
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TEXTS = [
    "My BTC withdrawal has been pending for {h} hours",
    "Deposit of USDT on TRC-20 not credited, TxID {tx}",
    "I lost my phone and need a 2FA reset",
    "Why was my KYC rejected?",
    "Any news on this?",
    "Thanks, still waiting",
]


@dataclass
class Delivery:
    body: bytes
    headers: dict[str, str]
    # SMS (Twilio) posts a form; the others JSON.
    content_type: str = "application/json"
    # Who wrote (the first delivery of each opens a ticket); "" for Telegram's JSON (read from it).
    sender: str = ""


@dataclass
class Case:
    """One channel: its account (credentials the adapter checks) and `count` deliveries from `users`."""

    setup: Callable[[], Any]
    deliveries: Callable[[Any, int, int], Iterator[Delivery]]


# --- Telegram --------------------------------------------------------------------------------------

TELEGRAM_SECRET = "bench-secret-token"


def _telegram_setup() -> Any:
    from messaging.models import ChannelAccount, ChannelKind

    account = ChannelAccount(kind=ChannelKind.TELEGRAM, name="Bench bot")
    # The API is never called at intake (no media in these messages): any base URL will do.
    account.credentials = {
        "bot_token": "1:bench",
        "secret_token": TELEGRAM_SECRET,
        "api_base": "http://127.0.0.1:9",
    }
    account.save()
    return account


def _telegram_deliveries(account: Any, count: int, users: int) -> Iterator[Delivery]:
    from messaging.fakes.telegram import FakeTelegram

    for n in range(count):
        user = 10_000 + n % users
        text = TEXTS[(n // users) % len(TEXTS)].format(h=n % 30 + 2, tx=f"{n:064x}")
        update = FakeTelegram.update(n + 1, user_id=user, first_name=f"User {user}", text=text)
        yield Delivery(json.dumps(update).encode(), FakeTelegram.headers(TELEGRAM_SECRET))


# --- SMS (Twilio) ----------------------------------------------------------------------------------

BENCH_PUBLIC = "https://help.example.com"


def _sms_setup() -> Any:
    from django.urls import reverse

    from messaging.fakes.twilio import FakeTwilio
    from messaging.models import ChannelAccount, ChannelKind

    fake = FakeTwilio()
    account = ChannelAccount(kind=ChannelKind.SMS, name="Bench SMS")
    path = reverse("messaging:webhook", args=[ChannelKind.SMS, account.webhook_key])
    account.credentials = {
        "account_sid": fake.account_sid,
        "auth_token": fake.auth_token,
        "from_number": "+15005550006",
        "webhook_url": BENCH_PUBLIC + path,
        "api_base": "http://127.0.0.1:9",
    }
    account.save()
    return account


def _sms_deliveries(account: Any, count: int, users: int) -> Iterator[Delivery]:
    from urllib.parse import urlencode

    from messaging.fakes.twilio import FakeTwilio, webhook_headers

    credentials = account.credentials
    fake = FakeTwilio(account_sid=credentials["account_sid"], auth_token=credentials["auth_token"])
    for n in range(count):
        number = f"+1415555{n % users:04d}"
        text = TEXTS[(n // users) % len(TEXTS)].format(h=n % 30 + 2, tx=f"{n:064x}")
        form = fake.inbound_form(from_number=number, to_number="+15005550006", body=text)
        headers = webhook_headers(fake.auth_token, credentials["webhook_url"], form)
        yield Delivery(urlencode(form).encode(), headers, "application/x-www-form-urlencoded", number)


# --- X direct messages -----------------------------------------------------------------------------


def _x_setup() -> Any:
    from messaging.fakes.x import FakeX
    from messaging.models import ChannelAccount, ChannelKind

    fake = FakeX()
    account = ChannelAccount(kind=ChannelKind.X, name="Bench X")
    account.credentials = {
        "consumer_key": fake.consumer_key,
        "consumer_secret": fake.consumer_secret,
        "access_token": fake.access_token,
        "access_token_secret": fake.access_token_secret,
        "user_id": fake.user_id,
        "api_base": "http://127.0.0.1:9",
    }
    account.save()
    return account


def _x_deliveries(account: Any, count: int, users: int) -> Iterator[Delivery]:
    from messaging.fakes.x import FakeX

    credentials = account.credentials
    fake = FakeX(consumer_secret=credentials["consumer_secret"], user_id=credentials["user_id"])
    for n in range(count):
        user = str(1_600_000_000_000_000_000 + n % users)
        text = TEXTS[(n // users) % len(TEXTS)].format(h=n % 30 + 2, tx=f"{n:064x}")
        body = fake.body([fake.message_event(sender_id=user, text=text)], users={user: f"User {n % users}"})
        yield Delivery(body, {"x-twitter-webhooks-signature": fake.signature_header(body)}, sender=user)


# --- WhatsApp and Messenger (Meta's Graph API) -----------------------------------------------------


def _meta_fake() -> Any:
    from messaging.fakes.meta import MetaGraphFake

    # The API is never called at intake (no media in these messages): any base URL will do.
    return MetaGraphFake(app_secret="bench-app-secret", base_url="http://127.0.0.1:9")


def _whatsapp_setup() -> Any:
    from messaging.models import ChannelAccount, ChannelKind

    account = ChannelAccount(kind=ChannelKind.WHATSAPP, name="Bench WhatsApp")
    account.credentials = _meta_fake().whatsapp_credentials()
    account.save()
    return account


def _whatsapp_deliveries(account: Any, count: int, users: int) -> Iterator[Delivery]:
    fake = _meta_fake()
    for n in range(count):
        number = f"49170{n % users:07d}"
        text = TEXTS[(n // users) % len(TEXTS)].format(h=n % 30 + 2, tx=f"{n:064x}")
        payload = fake.whatsapp_webhook(
            [fake.whatsapp_message(number, text=text)], names={number: f"User {n % users}"}
        )
        body, headers = fake.signed(payload)
        yield Delivery(body, headers, sender=number)


def _messenger_setup() -> Any:
    from messaging.models import ChannelAccount, ChannelKind

    account = ChannelAccount(kind=ChannelKind.MESSENGER, name="Bench page")
    account.credentials = _meta_fake().messenger_credentials()
    account.save()
    return account


def _messenger_deliveries(account: Any, count: int, users: int) -> Iterator[Delivery]:
    fake = _meta_fake()
    for n in range(count):
        psid = str(6_740_953_256_000_000 + n % users)
        text = TEXTS[(n // users) % len(TEXTS)].format(h=n % 30 + 2, tx=f"{n:064x}")
        body, headers = fake.signed(fake.messenger_webhook([fake.messenger_message(psid, text)]))
        yield Delivery(body, headers, sender=psid)


CASES: dict[str, Case] = {
    "whatsapp": Case(setup=_whatsapp_setup, deliveries=_whatsapp_deliveries),
    "messenger": Case(setup=_messenger_setup, deliveries=_messenger_deliveries),
    "telegram": Case(setup=_telegram_setup, deliveries=_telegram_deliveries),
    "sms": Case(setup=_sms_setup, deliveries=_sms_deliveries),
    "x": Case(setup=_x_setup, deliveries=_x_deliveries),
}


# --- The run ---------------------------------------------------------------------------------------


class Meter:
    """Wall and CPU seconds of a block, and the SQL statements it sent."""

    def __enter__(self) -> Meter:
        from django.db import connection

        self.statements = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        self._t0, self._c0 = time.perf_counter(), time.process_time()
        return self

    def _count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self._t0
        self.cpu = time.process_time() - self._c0
        self._wrapper.__exit__(*exc)


def run_bare(deliveries: list[Delivery]) -> Meter:
    from django.db import connection
    from tqdm import tqdm

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_bare_webhook (id bigserial PRIMARY KEY, body bytea)")
    with Meter() as meter:
        for delivery in tqdm(deliveries, unit="hook", desc="bare stack"):
            with connection.cursor() as cur:
                cur.execute("INSERT INTO bench_bare_webhook (body) VALUES (%s)", [delivery.body])
    return meter


def run_helpdesk(account: Any, deliveries: list[Delivery]) -> tuple[Meter, Meter]:
    """(new tickets, threaded messages): the first delivery of each user, then the others."""
    from django.test import Client
    from django.urls import reverse
    from tqdm import tqdm

    client = Client()
    url = reverse("messaging:webhook", args=[account.kind, account.webhook_key])
    first, rest = [], []
    seen: set[bytes] = set()
    for delivery in deliveries:
        key = delivery.sender or json.loads(delivery.body).get("message", {}).get("from", {}).get(
            "id", delivery.body
        )
        (rest if str(key).encode() in seen else first).append(delivery)
        seen.add(str(key).encode())

    def post(batch: list[Delivery], desc: str) -> Meter:
        with Meter() as meter:
            for delivery in tqdm(batch, unit="hook", desc=desc):
                response = client.post(
                    url, data=delivery.body, content_type=delivery.content_type, headers=delivery.headers
                )
                if response.status_code != 200:
                    raise RuntimeError(f"webhook answered {response.status_code}: {response.content[:200]!r}")
        return meter

    return post(first, "helpdesk: new tickets"), post(rest, "helpdesk: threaded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channel", choices=sorted(CASES), default="telegram")
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--users", type=int, default=400)
    args = parser.parse_args()

    reset_database(DB)
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command

    settings.MESSAGING_WEBHOOKS_PER_MINUTE = 10**9
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    log("migrating the throwaway database")
    call_command("migrate", verbosity=0)
    from messaging.models import ChannelMessage, Contact
    from tickets.models import Ticket

    case = CASES[args.channel]
    account = case.setup()
    deliveries = list(case.deliveries(account, args.deliveries, args.users))
    log(f"{args.channel}: {len(deliveries):,} deliveries from {args.users:,} people")
    bare = run_bare(deliveries)
    log(f"bare stack: {bare.wall:.1f} s, {len(deliveries) / bare.wall:.0f} webhooks/s")
    new, threaded = run_helpdesk(account, deliveries)
    total_wall = new.wall + threaded.wall
    n_new = Ticket.objects.count()
    n_threaded = len(deliveries) - n_new
    log(
        f"helpdesk: {total_wall:.1f} s, {len(deliveries) / total_wall:.0f} webhooks/s "
        f"(new ticket {n_new / new.wall:.0f}/s, threaded {n_threaded / max(threaded.wall, 1e-9):.0f}/s)"
    )
    result = {
        "channel": args.channel,
        "deliveries": len(deliveries),
        "people": args.users,
        "bare_per_second": round(len(deliveries) / bare.wall, 1),
        "bare_statements_per_webhook": round(bare.statements / len(deliveries), 2),
        "helpdesk_per_second": round(len(deliveries) / total_wall, 1),
        "helpdesk_new_ticket_per_second": round(n_new / new.wall, 1),
        "helpdesk_threaded_per_second": round(n_threaded / max(threaded.wall, 1e-9), 1),
        "ratio": round(bare.wall / total_wall, 3),
        "statements_per_new_ticket_webhook": round(new.statements / max(n_new, 1), 2),
        "statements_per_threaded_webhook": round(threaded.statements / max(n_threaded, 1), 2),
        "cpu_seconds_helpdesk": round(new.cpu + threaded.cpu, 2),
        "tickets": n_new,
        "contacts": Contact.objects.count(),
        "messages": ChannelMessage.objects.count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"messaging_intake_{args.channel}.json").write_text(json.dumps(result, indent=2) + "\n")
    log(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
