"""Who may call live chat's widget endpoints and console pages, and send which frame on its sockets
(helpdesk/access_matrix.py).

The widget's endpoints are public: the chat token in the body decides which chat they touch, whoever
calls (a staff session opens nothing more). The console pages are for staff; a chat's context only
for those who may see its ticket.
"""

from helpdesk.access_matrix import FrameRule, Ref, Rule, everyone, staff, staff_frames

ACCESS_TABLE: list[Rule] = [
    Rule(
        "livechat:api-start",
        "POST",
        everyone(201),
        data={"topic": "withdrawal", "language": "en"},
        form=False,
    ),
    Rule(
        "livechat:api-leave-message",
        "POST",
        everyone(201),
        data={"token": Ref("visitor_token"), "body": "Call me back.", "email": "v@mail.example"},
        form=False,
    ),
    Rule(
        "livechat:api-leave-message",
        "POST",
        everyone(403),
        data={"token": "forged"},
        form=False,
        note="forged token",
    ),
    Rule(
        "livechat:api-transcript",
        "POST",
        everyone(200),
        data={"token": Ref("visitor_token"), "email": "v@mail.example"},
        form=False,
    ),
    Rule(
        "livechat:api-transcript",
        "POST",
        everyone(403),
        data={"token": "forged"},
        form=False,
        note="forged token",
    ),
    Rule(
        "livechat:api-rating",
        "POST",
        everyone(200),
        data={"token": Ref("visitor_token"), "rating": 5},
        form=False,
    ),
    Rule(
        "livechat:api-rating",
        "POST",
        everyone(403),
        data={"token": "forged", "rating": 5},
        form=False,
        note="forged token",
    ),
    # A file needs the chat's token and a file: with the token and no file, a 400.
    Rule("livechat:api-attachments", "POST", everyone(400), data={"token": Ref("visitor_token")}),
    Rule("livechat:api-attachments", "POST", everyone(403), data={"token": "forged"}, note="forged token"),
    Rule("livechat:api-file", "GET", everyone(404), kwargs={"token": "not_a_number"}, note="forged link"),
    Rule("livechat:api-i18n", "GET", everyone(200), kwargs={"language": "lang"}),
    Rule("livechat:console", "GET", staff(200, 200, 200, 200)),
    Rule("livechat:console-waiting", "GET", staff(200, 200, 200, 200)),
    Rule(
        "livechat:conversation-context",
        "GET",
        staff(404, 200, 200, 200),
        kwargs={"pk": "inhouse_chat"},
        note="in-house",
    ),
    Rule(
        "livechat:conversation-context",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"pk": "partner_chat"},
        note="partner's",
    ),
    # The widget's demo page, outside production only.
    Rule("livechat:demo", "GET", everyone(200)),
]

# --- The sockets -------------------------------------------------------------------------------------
# The console's socket opens for signed-in staff (auditors have no console: closed); each frame about a
# chat answers as the chat's ticket does: a partner agent's frame about another team's chat is
# "not_found", as the ticket is a 404. The widget's socket opens with the chat's token alone: the
# visitor says hello with it; anyone else (a staff session without the token included) is closed.
SEE_ALL = staff_frames("ok", "ok", "ok", "ok")
PARTNER_HIDDEN = staff_frames("not_found", "ok", "ok", "ok")
SUBSCRIBED = ({"type": "subscribe", "last_seq": 0},)
ACCEPTED = ({"type": "accept", "last_seq": 0},)

FRAME_TABLE: list[FrameRule] = []
for chat, expect in (("inhouse_chat", PARTNER_HIDDEN), ("partner_chat", SEE_ALL)):
    # Declining answers an offer; none was made here, so those who may see the chat hear "taken".
    declined = {role: "taken" if answer == "ok" else answer for role, answer in expect.items()}
    FRAME_TABLE += [
        FrameRule("agent", "subscribe", chat, expect, body={"last_seq": 0}),
        FrameRule("agent", "unsubscribe", chat, SEE_ALL),
        FrameRule("agent", "accept", chat, expect),
        # A reply goes into a chat one has accepted (a note needs no acceptance).
        FrameRule("agent", "message.send", chat, expect, body={"body": "Checking now."}, before=ACCEPTED),
        FrameRule("agent", "note.send", chat, expect, body={"body": "Looks like a stuck deposit."}),
        # Typing is heard only in a chat one watches: subscribe first.
        # Typing is heard only in a chat one watches: the partner's subscription to another team's
        # chat failed, so their typing there is refused too.
        FrameRule(
            "agent",
            "typing",
            chat,
            {**expect, "partner": "forbidden" if expect["partner"] == "not_found" else "ok"},
            body={"active": True},
            before=SUBSCRIBED,
        ),
        FrameRule("agent", "read", chat, expect, body={"seq": 1}),
        FrameRule(
            "agent", "transfer", chat, expect, body={"team": Ref("other_team"), "note": "For wallets."}
        ),
        FrameRule("agent", "end", chat, expect),
        FrameRule("agent", "decline", chat, declined),
    ]
VISITOR_ONLY = dict.fromkeys(("anonymous", "partner", "agent", "supervisor", "admin", "auditor"), "closed")
FRAME_TABLE += [
    FrameRule("customer", "hello", "inhouse_chat", {**VISITOR_ONLY, "visitor": "ok"}),
    FrameRule(
        "customer", "message.send", "inhouse_chat", {**VISITOR_ONLY, "visitor": "ok"}, body={"body": "Hi"}
    ),
    FrameRule("customer", "typing", "inhouse_chat", {**VISITOR_ONLY, "visitor": "ok"}, body={"active": True}),
    FrameRule("customer", "read", "inhouse_chat", {**VISITOR_ONLY, "visitor": "ok"}, body={"seq": 1}),
]
