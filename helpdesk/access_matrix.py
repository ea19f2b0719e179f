"""The access matrix: who may call which page, API endpoint and socket frame, as data.

Each app declares its rows in `<app>/access_table.py` (`ACCESS_TABLE: list[Rule]`; live chat adds
`FRAME_TABLE: list[FrameRule]` for its sockets). tests/ops/test_access_matrix.py walks every URL
pattern and fails on one that answers a method no row covers, then makes every row's request as
every role in one world and compares the status with the row. So a new endpoint fails CI until
someone has decided, in its app's table, who may call it.

The roles are the people the helpdesk knows, plus two outsiders:
- `anonymous`: no session, no token;
- `visitor`: a chat widget's visitor, holding the conversation token the widget API hands out; on
  the API it sends that token as `Authorization: Token ...`. Unless a row says otherwise a visitor
  gets what an anonymous caller gets: a chat token opens its chat, nothing of the helpdesk's;
- `partner`: an agent of an outsourced team (the world's tickets `partner_ticket` and the like are
  its team's, `inhouse` and the like are not);
- `agent`, `supervisor`, `admin` (accounts.models.Role);
- `auditor`: reads the audit log and the approvals and nothing else, so unless a row says
  otherwise an auditor gets 403.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

ROLES = ("anonymous", "visitor", "partner", "agent", "supervisor", "admin", "auditor")
STAFF = ("partner", "agent", "supervisor", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# The apps that declare rows, in the order a reader finds them.
APPS = (
    "helpdesk",
    "accounts",
    "workspace",
    "intake",
    "customers",
    "livechat",
    "routing",
    "sla",
    "knowledgebase",
    "mail",
    "triage",
    "exchange",
    "incidents",
    "assistant",
    "approvals",
    "audit",
    "csat",
    "costs",
    "volatility",
    "reports",
    "portal",
    "macros",
    "configuration",
    "notifications",
    "queueviews",
    "customfields",
    "bulk",
    "messaging",
    "voice",
)


class Outcome(StrEnum):
    """An expectation wider than one status code."""

    # A 302 to the sign-in page: what a page answers a caller without a session.
    LOGIN = "login"


Expect = int | Outcome
Auth = Literal["session", "token"]


@dataclass(frozen=True)
class Ref:
    """A value of the test world, by its key: an id, a slug, a token."""

    key: str


@dataclass(frozen=True)
class Rule:
    """One request and the status each role gets from it.

    `name` is the URL's name ("tickets:ticket-detail", "api:ticket-list"), or, for a pattern without
    one, its path ("/"). `kwargs` maps the URL's arguments to keys of the test world; `data` is the
    body (a `Ref` anywhere in it is filled from the world), `query` the query string. Pages are
    called with the role's session, the API (names under "api:") with the role's token; `auth` says
    otherwise. `expect` holds the staff roles at least; `anonymous` defaults to a sign-in redirect
    for a page and 401 for the API, `visitor` to what `anonymous` gets, `auditor` to 403.
    `note` tells apart rows of one name and method ("partner's ticket", "bad body").
    """

    name: str
    method: str
    expect: Mapping[str, Expect]
    kwargs: Mapping[str, str] = field(default_factory=dict)
    data: Any = None
    query: str = ""
    auth: Auth | None = None
    form: bool | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"{self.name}: unknown method {self.method}")
        unknown = set(self.expect) - set(ROLES)
        missing = set(STAFF) - set(self.expect)
        if unknown or missing:
            raise ValueError(f"{self.name} {self.method}: unknown roles {unknown}, missing {missing}")

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def how(self) -> Auth:
        return self.auth or ("token" if self.is_api else "session")

    @property
    def sends_form(self) -> bool:
        """Pages get form posts; the API gets JSON."""
        return self.form if self.form is not None else not self.is_api

    def expected(self, role: str) -> Expect:
        if role in self.expect:
            return self.expect[role]
        if role == "visitor":
            return self.expected("anonymous")
        if role == "anonymous":
            return 401 if self.is_api else Outcome.LOGIN
        return 403  # the auditor

    @property
    def label(self) -> str:
        return " ".join(filter(None, [self.name, self.method, self.note]))


def staff(
    partner: Expect, agent: Expect, supervisor: Expect, admin: Expect, **others: Expect
) -> dict[str, Expect]:
    """The statuses of the staff roles, in the order of STAFF; other roles by name."""
    return {"partner": partner, "agent": agent, "supervisor": supervisor, "admin": admin, **others}


def everyone(status: Expect) -> dict[str, Expect]:
    """A public door: every role, signed in or not, gets the same."""
    return dict.fromkeys(ROLES, status)


# --- Socket frames ----------------------------------------------------------------------------------

# The chat console's, the chat widget's, the ticket page's (who else is on a case: workspace/consumers.py).
Socket = Literal["agent", "customer", "ticket"]


@dataclass(frozen=True)
class FrameRule:
    """What every role gets from one frame on one socket, about one chat.

    `expect` per role (all of ROLES): "ok" (the frame is worked: no error answers it), the code of
    the error that answers it ("not_found", "forbidden", ...), or "closed" (the socket did not open
    for that role, or closed). `conversation` is a key of the test world ("inhouse_chat",
    "partner_chat"); each role gets a fresh chat of that kind. On the ticket socket it names a ticket
    of the world ("inhouse", "partner_ticket"), sent as the frame's `ticket`. `body` holds the frame's
    other fields (a `Ref` is filled from the world); `before` holds frames sent first, about the same chat.
    On the console's socket `visitor` and `anonymous` hold no session; on the widget's, `visitor`
    says hello with the chat's token and everyone else without one.
    """

    socket: Socket
    frame: str
    conversation: str
    expect: Mapping[str, str]
    body: Mapping[str, Any] = field(default_factory=dict)
    before: tuple[Mapping[str, Any], ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if set(self.expect) != set(ROLES):
            raise ValueError(
                f"{self.label}: name every role, no more: {sorted(set(ROLES) ^ set(self.expect))}"
            )

    @property
    def label(self) -> str:
        return " ".join(filter(None, [self.socket, self.frame, self.conversation, self.note]))


def staff_frames(partner: str, agent: str, supervisor: str, admin: str) -> dict[str, str]:
    """A console frame's answers: the staff roles in the order of STAFF; no session and the auditor
    (who has no console) are closed."""
    closed = dict.fromkeys(("anonymous", "visitor", "auditor"), "closed")
    return {**closed, "partner": partner, "agent": agent, "supervisor": supervisor, "admin": admin}


def frame_rules() -> list[FrameRule]:
    """Every app's socket rows (`FRAME_TABLE` in its access_table.py, where it has one)."""
    found: list[FrameRule] = []
    for app in APPS:
        found += getattr(importlib.import_module(f"{app}.access_table"), "FRAME_TABLE", [])
    return found


def rules() -> list[Rule]:
    """Every app's rows."""
    found: list[Rule] = []
    for app in APPS:
        found += importlib.import_module(f"{app}.access_table").ACCESS_TABLE
    return found
