"""Who has a ticket open, and who is typing on it (docs/collision.md).

Kept where it costs nothing to change many times a minute: a Redis hash per ticket (the embedded setup,
one process, keeps it in this process's memory), never the database. Each open socket owns one seat in
the hash of every ticket it watches; a seat lives `EXPIRY_SECONDS` past its socket's last heartbeat, so
a tab that vanished without closing (a dead laptop, a killed process) leaves within that time. Typing
lasts `TYPING_SECONDS` past the last keystroke frame. What the pages see is the roster: one line per
agent (several tabs read as one, the most active), sent on the ticket's own group whenever it changes.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from dataclasses import asdict, dataclass
from typing import Literal, TypedDict

from django.conf import settings
from redis.asyncio import Redis

Activity = Literal["viewing", "reply", "note"]
ACTIVITIES: tuple[Activity, ...] = ("viewing", "reply", "note")
# The page calls in this often; a seat not renewed for EXPIRY_SECONDS is gone.
HEARTBEAT_SECONDS = 15
EXPIRY_SECONDS = 45
# The composer says "typing" at most every few seconds while keys are pressed (static/js/collision.js).
TYPING_SECONDS = 8
# The most a roster shows: a case with more people on it is already a crowd.
ROSTER_LIMIT = 12


def ticket_group(ticket_id: int) -> str:
    """The sockets watching one ticket, and only them."""
    return f"ticket.{ticket_id}.presence"


class Viewer(TypedDict):
    user: int
    name: str
    activity: Activity


class PresenceChanged(TypedDict):
    type: Literal["ticket.presence_changed"]
    ticket: int
    viewers: list[Viewer]


@dataclass
class Seat:
    user: int
    name: str
    activity: Activity
    typing_until: float
    expires: float

    @classmethod
    def load(cls, raw: str | bytes) -> Seat | None:
        try:
            return cls(**json.loads(raw))
        except (TypeError, ValueError):
            return None

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))


def roster(seats: dict[str, Seat]) -> list[Viewer]:
    """One line per agent, typing before viewing; several tabs of one agent read as the busiest."""
    rank = {"reply": 0, "note": 1, "viewing": 2}
    best: dict[int, Seat] = {}
    for seat in seats.values():
        held = best.get(seat.user)
        if held is None or rank[seat.activity] < rank[held.activity]:
            best[seat.user] = seat
    ordered = sorted(best.values(), key=lambda s: (rank[s.activity], s.name, s.user))
    return [Viewer(user=s.user, name=s.name, activity=s.activity) for s in ordered[:ROSTER_LIMIT]]


# --- Where seats are kept ----------------------------------------------------------------------------


class _MemoryStore:
    """One process's seats: the embedded setup, whose in-memory channel layer reaches no other."""

    def __init__(self) -> None:
        self.hashes: dict[str, dict[str, str]] = {}

    async def read(self, key: str) -> dict[str, str]:
        return dict(self.hashes.get(key, {}))

    async def write(self, key: str, put: dict[str, str], drop: list[str], ttl: int) -> None:
        seats = self.hashes.setdefault(key, {})
        seats.update(put)
        for field in drop:
            seats.pop(field, None)
        if not seats:
            del self.hashes[key]


class _RedisStore:
    """A hash per ticket. Redis clients belong to one event loop: one client per loop."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = (
            weakref.WeakKeyDictionary()
        )

    def client(self) -> Redis:
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            client = Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=5)
            self.clients[loop] = client
        return client

    async def read(self, key: str) -> dict[str, str]:
        raw: dict[bytes, bytes] = await self.client().hgetall(key)  # type: ignore[misc]
        return {_text(k): _text(v) for k, v in raw.items()}

    async def write(self, key: str, put: dict[str, str], drop: list[str], ttl: int) -> None:
        pipe = self.client().pipeline(transaction=True)
        if drop:
            pipe.hdel(key, *drop)
        if put:
            pipe.hset(key, mapping=put)
            # The whole hash goes once nobody has renewed a seat in it for a while.
            pipe.expire(key, ttl)
        await pipe.execute()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


_stores: dict[str, _MemoryStore | _RedisStore] = {}


def store() -> _MemoryStore | _RedisStore:
    url = getattr(settings, "REDIS_URL", "")
    found = _stores.get(url)
    if found is None:
        found = _stores[url] = _RedisStore(url) if url else _MemoryStore()
    return found


def _key(ticket_id: int) -> str:
    return f"presence:ticket:{ticket_id}"


# --- Changing a seat -----------------------------------------------------------------------------------


async def presence_seat(
    *,
    ticket_id: int,
    socket: str,
    user_id: int,
    name: str,
    activity: Activity | None = None,
    leave: bool = False,
) -> tuple[list[Viewer], bool]:
    """Take, renew or (`leave=True`) give up the socket's seat on a ticket; `activity` changes what it
    is doing ("viewing" stops typing). Seats past their time are cleared on the way. Returns the roster
    and whether it differs from the one before, so only a change goes out to the ticket's group."""
    now = time.time()
    key = _key(ticket_id)
    kept = store()
    raw = await kept.read(key)
    before = {field: seat for field, value in raw.items() if (seat := Seat.load(value)) is not None}
    seats = {field: Seat(**asdict(seat)) for field, seat in before.items()}
    put: dict[str, Seat] = {}
    drop = [field for field in raw if field not in before]
    if leave:
        if seats.pop(socket, None) is not None:
            drop.append(socket)
    else:
        seat = seats.get(socket) or Seat(user_id, name, "viewing", 0.0, 0.0)
        seat.expires = now + EXPIRY_SECONDS
        if activity is not None:
            seat.activity = activity
            seat.typing_until = now + TYPING_SECONDS if activity != "viewing" else 0.0
        seats[socket] = put[socket] = seat
    for field, seat in list(seats.items()):
        if seat.expires <= now:
            del seats[field]
            drop.append(field)
            put.pop(field, None)
        elif seat.activity != "viewing" and seat.typing_until <= now:
            seat.activity, seat.typing_until = "viewing", 0.0
            put[field] = seat
    if put or drop:
        await kept.write(key, {f: s.dump() for f, s in put.items()}, drop, EXPIRY_SECONDS * 2)
    after = roster(seats)
    return after, after != roster(before)


async def presence_roster(ticket_id: int) -> list[Viewer]:
    """The roster as it stands (seats past their time left out)."""
    now = time.time()
    raw = await store().read(_key(ticket_id))
    seats: dict[str, Seat] = {}
    for field, value in raw.items():
        seat = Seat.load(value)
        if seat is None or seat.expires <= now:
            continue
        if seat.activity != "viewing" and seat.typing_until <= now:
            seat.activity = "viewing"
        seats[field] = seat
    return roster(seats)


async def publish_presence(ticket_id: int, viewers: list[Viewer]) -> None:
    """Send the roster to the ticket's group: nothing of it is stored in the database."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is not None:
        event = PresenceChanged(type="ticket.presence_changed", ticket=ticket_id, viewers=viewers)
        await layer.group_send(ticket_group(ticket_id), dict(event))
