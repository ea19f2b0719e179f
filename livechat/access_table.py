"""Who may call live chat's widget endpoints and console pages, and send which frame on its sockets
(helpdesk/access_matrix.py).

The widget's endpoints are public: the chat token in the body decides which chat they touch, whoever
calls (a staff session opens nothing more). The console pages are for staff; a chat's context only
for those who may see its ticket.
"""

from helpdesk.access_matrix import FrameRule, Ref, Rule, everyone, staff

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

FRAME_TABLE: list[FrameRule] = []
