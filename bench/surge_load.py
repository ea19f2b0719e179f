"""The people of bench/surge.py's night, as asyncio clients of the real servers.

- Visitors open chats through the widget's HTTP start endpoint (gunicorn), say hello on the customer
  socket (uvicorn), answer tier 0's buttons through its HTTP endpoints, and write follow-ups after a
  think time. Every message carries a client_id; the run checks each against the timeline.
- Chat agents hold a console socket each (session cookie), accept the offers they get after a
  moment, reply to every customer message after a think time, and end the chat once the visitor has
  nothing more to say. They send the workspace's heartbeat through the API.
- Desk agents work email and API cases through the API: their own open cases first, then get-next,
  each answered and solved after a think time.
- Mail arrives through the inbound HTTP endpoint (raw RFC 5322, the mailbox's bearer token); API
  tickets are created with token auth.

Arrivals are Poisson at a rate that steps up by the surge factor in the surge phase.
"""

import asyncio
import contextlib
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import aiohttp
from websockets.asyncio.client import connect

TOPICS = {
    "general": "other",
    "wallets": "withdrawal",
    "kyc": "kyc",
    "security": "security",
    "account_security": "security",
    "payments": "payments",
    "trading": "trading",
    "api": "api",
}
FOLLOW_UPS = [
    "Thanks. Can you check it now please?",
    "I have been waiting a while, is anyone there?",
    "OK, and how long will that take?",
    "Here is the TxID from my history, does that help?",
    "Alright, I understand. Anything else I need to do?",
]
REPLIES = [
    "Thanks for waiting, I'm looking at your account now.",
    "I can see the request; it is being processed by our wallet team.",
    "That should be done within the next hour. I'll keep the case open.",
    "You don't need to do anything else for now.",
]
RETRY_CODES = {"rate_limited", "server_error", "busy"}


@dataclass
class Config:
    web: str  # http://127.0.0.1:port
    ws: str  # ws://127.0.0.1:port
    phases: list[
        tuple[str, float, float]
    ]  # (name, start s, end s) relative to t0; arrivals stop at the last's start
    arrivals_end: float
    run_end: float
    chats_per_s: float
    emails_per_s: float
    api_per_s: float
    surge_factor: float
    person_share: float  # of tier 0's answers, the share whose visitor still asks for a person
    tier0_patience: float  # seconds a visitor waits for tier 0's answer before asking for a person
    agents_come_back: bool = False  # an agent marked offline by the presence sweep sets itself online
    seed: int = 7


@dataclass
class Chat:
    conv: int
    n: int = 0
    started: float = 0.0  # seconds since t0
    rounds: int = 99  # follow-ups the visitor will write after agents' replies (99: not yet known)
    token: str = ""
    assistant: bool = False
    tier0: str = ""  # answered-solved, answered-person, handoff, "" (not held)
    queued: float | None = None  # when it went to the agents (start, or tier 0's hand-off)
    offered: float | None = None
    accepted: float | None = None
    first_reply: float | None = None
    ended: float | None = None
    visitor_done: bool = False
    unanswered: int = 0
    replying: bool = False
    ending: bool = False
    agent: int | None = None
    # client_id -> seq from its ack (0 until acked)
    visitor_sent: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    agent_sent: dict[str, int] = field(default_factory=dict)
    visitor_seen: Counter[int] = field(default_factory=Counter)
    agent_seen: Counter[int] = field(default_factory=Counter)
    agent_from: int = 0  # the seq after which the agent console must have every message (its welcome)
    errors: list[str] = field(default_factory=list)


class Load:
    def __init__(self, cfg: Config, fixture: dict[str, Any]) -> None:
        self.cfg = cfg
        self.fx = fixture
        self.rng = random.Random(cfg.seed)
        self.t0 = 0.0
        self.stop = asyncio.Event()
        # Set when the night is over: nobody writes anything new, the last acks come in, then `stop`.
        self.quiet = asyncio.Event()
        self.chats: dict[int, Chat] = {}  # conversation id -> chat
        self.starts_failed: list[str] = []
        self.arrivals: dict[str, list[float]] = {"chat": [], "email": [], "api": []}
        self.http: Counter[str] = Counter()  # "endpoint status" -> count
        self.http_latency: dict[str, list[float]] = defaultdict(list)
        # (when answered, seconds) of every web request and every chat message's ack, for the timeline.
        self.http_points: list[tuple[float, float]] = []
        self.ack_points: list[tuple[float, float]] = []
        self.sent_at: dict[str, float] = {}
        self.ws_errors: Counter[str] = Counter()
        self.sent_counts: Counter[str] = Counter()  # client_id -> times sent (retries included)
        self.failures: list[str] = []
        self.tasks: set[asyncio.Task[Any]] = set()
        self.message_ids: list[str] = []
        self.emails_sent: list[str] = []
        self.api_created: list[int] = []
        self.desk_done = 0
        self.presence_lapses = 0
        self.rows = [r for r in fixture["messages"]]

    # --- plumbing ------------------------------------------------------------------------------

    def chat(self, conv: int) -> Chat:
        """The chat with this id, made by whichever side hears of it first (an offer can reach an
        agent before the visitor's start request has returned)."""
        if conv not in self.chats:
            self.chats[conv] = Chat(conv=conv)
        return self.chats[conv]

    def now(self) -> float:
        return time.monotonic() - self.t0

    def spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not self.stop.is_set():
            self.failures.append(repr(task.exception())[:300])

    async def post(
        self,
        name: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """POST with retries on 429/503 (what the widget and a relay do); every answer is counted."""
        for attempt in range(6):
            t = time.monotonic()
            try:
                async with self.session.post(
                    self.cfg.web + path, json=json_body, data=data, headers=headers
                ) as resp:
                    body = await resp.read()
                    status = resp.status
            except (TimeoutError, aiohttp.ClientError) as exc:
                self.http[f"{name} {type(exc).__name__}"] += 1
                await asyncio.sleep(1 + attempt)
                continue
            self.http[f"{name} {status}"] += 1
            self.http_latency[name].append(time.monotonic() - t)
            self.http_points.append((self.now(), time.monotonic() - t))
            if status in (429, 503) and attempt < 5:
                await asyncio.sleep(1 + attempt)
                continue
            try:
                return status, json.loads(body) if body else None
            except ValueError:
                return status, body[:300].decode(errors="replace")
        return 0, None

    async def put(self, name: str, path: str, body: Any, headers: dict[str, str]) -> int:
        try:
            async with self.session.put(self.cfg.web + path, json=body, headers=headers) as resp:
                await resp.read()
                self.http[f"{name} {resp.status}"] += 1
                return resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.http[f"{name} {type(exc).__name__}"] += 1
            return 0

    async def get(self, name: str, path: str, headers: dict[str, str]) -> tuple[int, Any]:
        t = time.monotonic()
        try:
            async with self.session.get(self.cfg.web + path, headers=headers) as resp:
                body = await resp.read()
                status = resp.status
        except (TimeoutError, aiohttp.ClientError) as exc:
            self.http[f"{name} {type(exc).__name__}"] += 1
            return 0, None
        self.http[f"{name} {status}"] += 1
        self.http_latency[name].append(time.monotonic() - t)
        self.http_points.append((self.now(), time.monotonic() - t))
        return status, json.loads(body) if body and status == 200 else None

    async def socket(self, path: str, cookie: str | None = None) -> Any:
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else None
        origin = self.cfg.ws.replace("ws://", "http://")
        return await connect(
            self.cfg.ws + path,
            origin=origin,  # type: ignore[arg-type]
            additional_headers=headers,
            compression=None,
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        )

    def rate(self, per_s: float) -> float:
        t = self.now()
        for name, start, end in self.cfg.phases:
            if start <= t < end:
                return per_s * (self.cfg.surge_factor if name == "surge" else 1.0)
        return 0.0

    async def arrivals_of(self, per_s: float, kind: str, make: Any) -> None:
        n = 0
        while self.now() < self.cfg.arrivals_end and not self.stop.is_set():
            rate = self.rate(per_s)
            await asyncio.sleep(self.rng.expovariate(rate) if rate > 0 else 0.5)
            if self.now() >= self.cfg.arrivals_end or rate <= 0:
                continue
            n += 1
            self.arrivals[kind].append(self.now())
            self.spawn(make(n))

    # --- visitors ------------------------------------------------------------------------------

    async def visitor(self, n: int) -> None:
        row = self.rng.choice(self.rows)
        started = self.now()
        rounds = self.rng.choice([1, 1, 2, 2, 3])
        status, body = await self.post(
            "chat start",
            "/chat/api/start/",
            json_body={
                "name": f"Visitor {n}",
                "topic": TOPICS.get(row["team"], "other"),
                "language": row["language"],
                "message": row["text"],
            },
        )
        if status != 201:
            self.starts_failed.append(f"start {status} {str(body)[:200]}")
            return
        chat = self.chat(body["conversation"])
        chat.n, chat.started, chat.rounds = n, started, rounds
        chat.token, chat.assistant = body["token"], bool(body.get("assistant"))
        if not chat.assistant:
            chat.queued = chat.started
        ws = await self.socket("/ws/chat/customer/")
        try:
            await ws.send(json.dumps({"type": "hello", "token": chat.token, "last_seq": 0}))
            await self.visitor_loop(chat, ws)
        finally:
            await ws.close()

    async def visitor_send(self, chat: Chat, ws: Any, body: str, client_id: str | None = None) -> None:
        if client_id is None and self.quiet.is_set():
            return
        client_id = client_id or f"v{chat.conv}-{len(chat.visitor_sent) + 1}"
        chat.visitor_sent.setdefault(client_id, 0)
        chat.bodies[client_id] = body
        self.sent_counts[client_id] += 1
        self.sent_at.setdefault(client_id, self.now())
        await ws.send(json.dumps({"type": "message.send", "client_id": client_id, "body": body}))

    async def visitor_loop(self, chat: Chat, ws: Any) -> None:
        nudged = False
        while not self.stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=1.0)
            except TimeoutError:
                # Tier 0 silent too long: the visitor presses "talk to a person", as the widget offers.
                if chat.assistant and not chat.tier0 and self.now() - chat.started > self.cfg.tier0_patience:
                    chat.tier0 = "person before an answer"
                    chat.queued = self.now()
                    await self.post(
                        "tier0 person", "/assistant/chat/person/", json_body={"token": chat.token}
                    )
                # A visitor still waiting for a person after 20 s asks whether anyone is there, once.
                waiting = chat.queued is not None and chat.accepted is None
                if waiting and not nudged and self.now() - (chat.queued or 0) > 20:
                    nudged = True
                    body = self.rng.choice(FOLLOW_UPS)
                    await self.visitor_send(chat, ws, body)
                continue
            frame = json.loads(raw)
            kind = frame.get("type")
            if kind == "message":
                chat.visitor_seen[frame["seq"]] += 1
                if frame.get("kind") != "agent" or chat.visitor_seen[frame["seq"]] > 1:
                    continue
                helper = frame.get("assistant")
                if helper:
                    if chat.tier0 == "person before an answer":
                        continue
                    if helper.get("choices"):
                        await self.tier0_answer(chat, helper)
                    else:
                        chat.tier0 = chat.tier0 or "handoff"
                        chat.queued = chat.queued or self.now()
                    continue
                if chat.first_reply is None:
                    chat.first_reply = self.now()
                if chat.rounds > 0:
                    chat.rounds -= 1
                    await asyncio.sleep(self.rng.uniform(4, 10))
                    body = self.rng.choice(FOLLOW_UPS)
                    await self.visitor_send(chat, ws, body)
                else:
                    chat.visitor_done = True
            elif kind == "ack":
                if frame.get("client_id") in chat.visitor_sent:
                    chat.visitor_sent[frame["client_id"]] = frame["seq"]
                    self.acked_now(frame["client_id"])
            elif kind == "status":
                if frame.get("status") == "ended":
                    chat.ended = chat.ended or self.now()
                    # A message sent as the chat ended is answered (ack or "closed") before the socket closes.
                    if not any(not seq for seq in chat.visitor_sent.values()):
                        return
                    self.spawn(self.close_later(ws, 5))
                if frame.get("status") == "active" and chat.accepted is None:
                    chat.accepted = self.now()
            elif kind == "error":
                code = frame.get("code", "?")
                self.ws_errors[f"visitor {code}"] += 1
                cid = frame.get("client_id")
                if cid in chat.visitor_sent and code in RETRY_CODES:
                    await asyncio.sleep(1)
                    await self.visitor_send(chat, ws, chat.bodies.get(cid, "retry"), cid)
                else:
                    chat.errors.append(f"ws {code}: {frame.get('message', '')[:120]}")
                    if cid:
                        self.failures.append(
                            f"refused {cid} in chat {chat.conv}: {code} {frame.get('message', '')}"[:300]
                        )

    async def close_later(self, ws: Any, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await ws.close()

    async def tier0_answer(self, chat: Chat, helper: dict[str, Any]) -> None:
        await asyncio.sleep(self.rng.uniform(2, 5))
        if self.quiet.is_set():
            return
        if self.rng.random() < self.cfg.person_share:
            chat.tier0 = "answered-person"
            chat.queued = self.now()
            await self.post("tier0 person", "/assistant/chat/person/", json_body={"token": chat.token})
        else:
            chat.tier0 = "answered-solved"
            await self.post(
                "tier0 solved",
                "/assistant/chat/solved/",
                json_body={"token": chat.token, "assessment": helper.get("assessment")},
            )

    # --- chat agents ---------------------------------------------------------------------------

    async def chat_agent(self, index: int, spec: dict[str, Any]) -> None:
        ws = await self.socket("/ws/chat/agent/", spec["session"])
        self.spawn(self.heartbeats(spec["token"]))
        lock = asyncio.Lock()  # frames of one console go out one at a time
        try:
            while not self.stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=1.0)
                except TimeoutError:
                    continue
                frame = json.loads(raw)
                await self.agent_frame(index, ws, lock, frame)
        finally:
            await ws.close()

    async def agent_send(self, ws: Any, lock: asyncio.Lock, frame: dict[str, Any]) -> None:
        async with lock:
            await ws.send(json.dumps(frame))

    async def agent_frame(self, index: int, ws: Any, lock: asyncio.Lock, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        conv = frame.get("conversation")
        chat = self.chat(conv) if isinstance(conv, int) and conv > 0 else None
        if kind == "offer":
            if chat is not None and chat.offered is None:
                chat.offered = self.now()
            self.spawn(self.accept(index, ws, lock, frame["conversation"]))
        elif kind == "welcome" and chat is not None:
            if chat.agent is None:
                chat.agent = index
                chat.agent_from = frame.get("last_seq", 0)
                chat.accepted = chat.accepted or self.now()
        elif kind == "message" and chat is not None and chat.agent == index:
            chat.agent_seen[frame["seq"]] += 1
            if frame.get("kind") == "customer" and chat.agent_seen[frame["seq"]] == 1:
                chat.unanswered += 1
                if not chat.replying:
                    chat.replying = True
                    self.spawn(self.reply(ws, lock, chat))
        elif kind == "ack":
            # An ack names the client_id only; the id says which chat it was ("a<conversation>-<n>").
            cid = str(frame.get("client_id", ""))
            owner = self.chats.get(int(cid[1:].split("-")[0])) if cid.startswith("a") else None
            if owner is not None and cid in owner.agent_sent:
                owner.agent_sent[cid] = frame["seq"]
                self.acked_now(cid)
        elif kind == "status" and chat is not None and frame.get("status") == "ended":
            chat.ended = chat.ended or self.now()
        elif kind == "error":
            code = frame.get("code", "?")
            self.ws_errors[f"agent {code}"] += 1
            failed = str(frame.get("client_id", ""))
            if chat is not None and failed in chat.agent_sent and code in RETRY_CODES:
                await asyncio.sleep(1)
                self.sent_counts[failed] += 1
                await self.agent_send(
                    ws,
                    lock,
                    {"type": "message.send", "conversation": chat.conv, "client_id": failed, "body": "again"},
                )
            elif chat is not None and code not in ("taken",):
                chat.errors.append(f"agent ws {code}: {frame.get('message', '')[:120]}")
                if failed:
                    # A message the server refused (the chat had ended): reported with its client_id.
                    self.failures.append(
                        f"refused {failed} in chat {chat.conv}: {code} {frame.get('message', '')}"[:300]
                    )

    async def accept(self, index: int, ws: Any, lock: asyncio.Lock, conv: int) -> None:
        await asyncio.sleep(self.rng.uniform(1, 3))
        if self.quiet.is_set():
            return
        await self.agent_send(ws, lock, {"type": "accept", "conversation": conv, "last_seq": 0})

    async def reply(self, ws: Any, lock: asyncio.Lock, chat: Chat) -> None:
        try:
            while chat.unanswered > 0 and not self.stop.is_set():
                await asyncio.sleep(self.rng.uniform(3, 8))
                if self.quiet.is_set():
                    return
                chat.unanswered = 0
                cid = f"a{chat.conv}-{len(chat.agent_sent) + 1}"
                chat.agent_sent[cid] = 0
                self.sent_counts[cid] += 1
                self.sent_at.setdefault(cid, self.now())
                await self.agent_send(
                    ws,
                    lock,
                    {
                        "type": "message.send",
                        "conversation": chat.conv,
                        "client_id": cid,
                        "body": self.rng.choice(REPLIES),
                    },
                )
                # The visitor reads the reply and decides: more to say, or done.
                await asyncio.sleep(2)
            if chat.rounds == 0 and not chat.ending and chat.unanswered == 0:
                # Its last question answered, the visitor has nothing more: the agent ends the chat.
                await asyncio.sleep(self.rng.uniform(8, 12))
                if chat.unanswered == 0 and chat.rounds == 0 and not chat.ending and not self.quiet.is_set():
                    chat.ending = True
                    await self.agent_send(ws, lock, {"type": "end", "conversation": chat.conv})
        finally:
            chat.replying = False
            if chat.unanswered > 0 and not self.quiet.is_set():
                chat.replying = True
                self.spawn(self.reply(ws, lock, chat))

    async def heartbeats(self, token: str) -> None:
        headers = {"Authorization": f"Token {token}"}
        while not self.stop.is_set():
            status, body = await self.post(
                "heartbeat", "/api/routing/presence/heartbeat/", json_body={}, headers=headers
            )
            if status == 200 and isinstance(body, dict) and body.get("presence") == "offline":
                # The sweep marked the agent offline (a heartbeat came later than the TTL). An agent who
                # notices sets themselves online again, if the run lets them.
                self.presence_lapses += 1
                if self.cfg.agents_come_back:
                    await self.put("presence", "/api/routing/presence/", {"presence": "online"}, headers)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), timeout=25)

    # --- desk agents (email and API cases) -----------------------------------------------------

    async def desk_agent(self, spec: dict[str, Any]) -> None:
        headers = {"Authorization": f"Token {spec['token']}"}
        self.spawn(self.heartbeats(spec["token"]))
        await asyncio.sleep(self.rng.uniform(0, 5))
        while not self.quiet.is_set():
            status, page = await self.get(
                "ticket list (mine)", "/api/tickets/?assignee=me&status=new&status=open&page_size=10", headers
            )
            mine = [t for t in (page or {}).get("results", []) if t.get("channel") != "chat"]
            ticket = mine[0] if mine else None
            if ticket is None:
                status, ticket = await self.post("get next", "/api/tickets/next/", headers=headers)
                if status != 200 or not ticket or ticket.get("channel") == "chat":
                    await self.pause(3)
                    continue
            await self.pause(self.rng.uniform(5, 12))
            status, _ = await self.post(
                "ticket reply",
                f"/api/tickets/{ticket['id']}/entries/",
                json_body={"kind": "reply", "body": self.rng.choice(REPLIES), "status": "solved"},
                headers=headers,
            )
            if status == 201:
                self.desk_done += 1

    async def pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)

    # --- email and API arrivals ----------------------------------------------------------------

    async def email(self, n: int) -> None:
        row = self.rng.choice(self.rows)
        msg = EmailMessage()
        customer = self.rng.randrange(2000)
        msg["From"] = f"Customer {customer} <surge{customer}@mail.example>"
        msg["To"] = "support@cryptox.example"
        msg["Date"] = format_datetime(time_now_utc())
        mid = make_msgid(idstring=f"surge{n}", domain="mail.example")
        msg["Message-ID"] = mid
        if self.message_ids and self.rng.random() < 0.15:
            original = self.rng.choice(self.message_ids)
            msg["Subject"] = "Re: my request"
            msg["In-Reply-To"] = original
            msg["References"] = original
        else:
            msg["Subject"] = row["text"].split("\n")[0][:80] or "Support request"
        msg.set_content(row["text"])
        self.message_ids.append(mid)
        self.emails_sent.append(mid)
        status, body = await self.post(
            "mail inbound",
            "/api/mail/inbound/",
            data=msg.as_bytes(),
            headers={"Authorization": f"Bearer {self.fx['mail_token']}", "Content-Type": "message/rfc822"},
        )
        if status != 202:
            self.failures.append(f"mail inbound {status} {str(body)[:200]}")

    async def api_ticket(self, n: int) -> None:
        row = self.rng.choice(self.rows)
        status, body = await self.post(
            "ticket create",
            "/api/tickets/",
            json_body={
                "customer": self.rng.choice(self.fx["customers"]),
                "subject": row["text"].split("\n")[0][:80] or "Support request",
                "body": row["text"],
                "channel": "api",
            },
            headers={"Authorization": f"Token {self.fx['api_token']}"},
        )
        if status == 201:
            self.api_created.append(body["id"])
        else:
            self.failures.append(f"ticket create {status} {str(body)[:200]}")

    def acked_now(self, client_id: str) -> None:
        if client_id in self.sent_at:
            self.ack_points.append((self.now(), self.now() - self.sent_at[client_id]))

    def unacked(self) -> list[str]:
        return [
            cid
            for chat in self.chats.values()
            for sent in (chat.visitor_sent, chat.agent_sent)
            for cid, seq in sent.items()
            if not seq
        ]

    def acked(self) -> set[str]:
        return {
            cid
            for chat in self.chats.values()
            for sent in (chat.visitor_sent, chat.agent_sent)
            for cid, seq in sent.items()
            if seq
        }

    # --- the night -----------------------------------------------------------------------------

    async def run(self, t0: float, on_tick: Any) -> None:
        self.t0 = t0
        timeout = aiohttp.ClientTimeout(total=120)
        connector = aiohttp.TCPConnector(limit=64)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as self.session:
            for i, spec in enumerate(self.fx["chat_agents"]):
                self.spawn(self.chat_agent(i, spec))
            for spec in self.fx["desk_agents"]:
                self.spawn(self.desk_agent(spec))
            cfg = self.cfg
            self.spawn(self.arrivals_of(cfg.chats_per_s, "chat", self.visitor))
            self.spawn(self.arrivals_of(cfg.emails_per_s, "email", self.email))
            self.spawn(self.arrivals_of(cfg.api_per_s, "api", self.api_ticket))
            while self.now() < cfg.run_end:
                await asyncio.sleep(1)
                on_tick(self)
            self.quiet.set()
            # Nothing new is written; every message sent gets its ack (or 60 s pass) before sockets close.
            deadline = self.now() + 60
            while self.unacked() and self.now() < deadline:
                await asyncio.sleep(1)
                on_tick(self)
            self.stop.set()
            await asyncio.sleep(2)
            for task in list(self.tasks):
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)


def time_now_utc() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)
