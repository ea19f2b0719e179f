"""Who may call the agent workspace's ticket pages and the tickets API (helpdesk/access_matrix.py).

Every member of staff works tickets; partner agents only their teams' (the others are a 404, so ids
of hidden tickets leak nothing). A POST with an empty form from someone who may make it is a 400:
the access check passed and nothing was written.
"""

from helpdesk.access_matrix import FrameRule, Rule, staff, staff_frames
from workspace.merge_access_table import MERGE_RULES

ALL = staff(200, 200, 200, 200)
INHOUSE = staff(404, 200, 200, 200)
NO_DOWNLOAD = staff(403, 200, 200, 200)
# An empty form on a ticket: refused for the partner (404), a 400 for the others.
EMPTY_FORM = staff(404, 400, 400, 400)
INHOUSE_TICKET = {"pk": "inhouse"}
PARTNER_TICKET = {"pk": "partner_ticket"}

ACCESS_TABLE: list[Rule] = [
    Rule("tickets:queue", "GET", ALL),
    Rule("tickets:ticket-create", "GET", ALL),
    Rule("tickets:ticket-create", "POST", staff(400, 400, 400, 400)),
    Rule("tickets:ticket-next", "POST", staff(302, 302, 302, 302)),
    Rule("tickets:presence-update", "POST", staff(302, 302, 302, 302), data={"presence": "away"}),
    Rule("tickets:presence-heartbeat", "POST", staff(204, 204, 204, 204)),
    Rule("tickets:ticket-detail", "GET", INHOUSE, kwargs=INHOUSE_TICKET, note="in-house"),
    Rule("tickets:ticket-detail", "GET", ALL, kwargs=PARTNER_TICKET, note="partner's"),
    Rule("tickets:ticket-detail", "GET", staff(404, 404, 404, 404), kwargs={"pk": "missing"}, note="missing"),
    Rule("tickets:entry-create", "POST", EMPTY_FORM, kwargs=INHOUSE_TICKET, note="in-house"),
    Rule(
        "tickets:entry-create",
        "POST",
        staff(302, 302, 302, 302),
        kwargs=PARTNER_TICKET,
        data={"kind": "internal_note", "body": "Checked the chain."},
        note="partner's",
    ),
    # The properties panel: an empty form changes nothing, and says so.
    Rule("tickets:ticket-properties", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE_TICKET),
    # A partner agent's panel on their team's case: a priority change is saved.
    Rule(
        "tickets:ticket-properties",
        "POST",
        staff(302, 302, 302, 302),
        kwargs=PARTNER_TICKET,
        data={"priority": "3", "initial-priority": "2"},
        note="partner's",
    ),
    Rule("tickets:ticket-take", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE_TICKET, note="in-house"),
    Rule("tickets:ticket-take", "POST", staff(302, 302, 302, 302), kwargs=PARTNER_TICKET, note="partner's"),
    # A note is optional: the ticket goes up to the wallets team's tier.
    Rule("tickets:ticket-escalate", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE_TICKET),
    Rule("tickets:attachment-download", "GET", INHOUSE, kwargs={"pk": "inhouse_attachment"}, note="in-house"),
    # The partner team's clean room forbids downloads: its own tickets' files too.
    Rule(
        "tickets:attachment-download",
        "GET",
        NO_DOWNLOAD,
        kwargs={"pk": "partner_attachment"},
        note="partner's",
    ),
    # The API: the same answers, 401 without a token.
    Rule("api:ticket-list", "GET", ALL),
    Rule("api:ticket-list", "POST", staff(400, 400, 400, 400), data={}),
    # The admin belongs to no team: nothing waits for them (204); the others get a ticket.
    Rule("api:ticket-next", "POST", staff(200, 200, 200, 204)),
    Rule("api:ticket-detail", "GET", INHOUSE, kwargs=INHOUSE_TICKET, note="in-house"),
    Rule("api:ticket-detail", "GET", ALL, kwargs=PARTNER_TICKET, note="partner's"),
    Rule("api:ticket-detail", "GET", staff(404, 404, 404, 404), kwargs={"pk": "not_a_number"}, note="bad id"),
    Rule("api:ticket-detail", "PATCH", INHOUSE, kwargs=INHOUSE_TICKET, data={}),
    # The browser's session reaches the API as a token does, with the same answers.
    Rule(
        "api:ticket-detail", "GET", INHOUSE, kwargs=INHOUSE_TICKET, auth="session", note="in-house, session"
    ),
    Rule(
        "api:ticket-detail", "PATCH", INHOUSE, kwargs=INHOUSE_TICKET, data={}, auth="session", note="session"
    ),
    Rule("api:ticket-escalate", "POST", staff(404, 200, 200, 200), kwargs=INHOUSE_TICKET, data={}),
    Rule("api:ticket-transfer", "POST", staff(404, 400, 400, 400), kwargs=INHOUSE_TICKET, data={}),
    Rule("api:ticket-entry-list", "GET", INHOUSE, kwargs={"ticket": "inhouse"}, note="in-house"),
    Rule("api:ticket-entry-list", "GET", ALL, kwargs={"ticket": "partner_ticket"}, note="partner's"),
    Rule("api:ticket-entry-list", "POST", staff(404, 400, 400, 400), kwargs={"ticket": "inhouse"}, data={}),
    Rule("api:attachment-download", "GET", INHOUSE, kwargs={"pk": "inhouse_attachment"}, note="in-house"),
    Rule(
        "api:attachment-download", "GET", NO_DOWNLOAD, kwargs={"pk": "partner_attachment"}, note="partner's"
    ),
]

# --- The ticket page's socket (who else is on a case, workspace/consumers.py) --------------------------
# It opens for signed-in staff (an auditor's is closed); watching a ticket answers as its page does: a
# partner agent's `watch` of another team's case is "not_found", and typing there is refused, as the
# ticket was never watched. Unwatching and heartbeats name nothing one may not see.
TICKET_SEEN = staff_frames("not_found", "ok", "ok", "ok")
TICKET_ALL = staff_frames("ok", "ok", "ok", "ok")
WATCHED = ({"type": "watch"},)
FRAME_TABLE: list[FrameRule] = []
for case, watch in (("inhouse", TICKET_SEEN), ("partner_ticket", TICKET_ALL)):
    typing = {**watch, "partner": "forbidden" if watch["partner"] == "not_found" else "ok"}
    FRAME_TABLE += [
        FrameRule("ticket", "watch", case, watch),
        FrameRule("ticket", "unwatch", case, TICKET_ALL, before=WATCHED),
        FrameRule("ticket", "typing", case, typing, body={"activity": "reply"}, before=WATCHED),
        FrameRule("ticket", "heartbeat", case, TICKET_ALL, before=WATCHED),
    ]

# Merging and linking tickets.
ACCESS_TABLE += MERGE_RULES
