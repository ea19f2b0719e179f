"""Who may see and correct what tier 0 did, and who may read and change where it answers
(helpdesk/access_matrix.py).

Agents see and correct assessments on the tickets they may see (partner agents: their teams'
tickets; the others are 404, as everywhere). Supervisors read the Tier 0 page and the example bank;
admins alone change the settings. The widget's choices under tier 0's answer and the help center's
"Ask a question" box are public: the chat token, not a session, decides.
"""

from helpdesk.access_matrix import Ref, Rule, everyone, staff

ALL = staff(200, 200, 200, 200)
INHOUSE = staff(404, 200, 200, 200)
CORRECTION = {"intent": "staking_info"}

ACCESS_TABLE: list[Rule] = [
    Rule(
        "api:assistant-api:ticket-assessments",
        "GET",
        INHOUSE,
        kwargs={"ticket": "inhouse_assessed"},
        note="in-house",
    ),
    Rule(
        "api:assistant-api:ticket-assessments",
        "GET",
        ALL,
        kwargs={"ticket": "partner_assessed"},
        note="partner's",
    ),
    Rule(
        "api:assistant-api:assessment-correction",
        "POST",
        INHOUSE,
        kwargs={"pk": "inhouse_assessment"},
        data=CORRECTION,
        note="in-house",
    ),
    Rule(
        "api:assistant-api:assessment-correction",
        "POST",
        ALL,
        kwargs={"pk": "partner_assessment"},
        data=CORRECTION,
        note="partner's",
    ),
    # A bad body from a role that may correct is a 400: the access check passed, nothing was written.
    Rule(
        "api:assistant-api:assessment-correction",
        "POST",
        staff(400, 400, 400, 400),
        kwargs={"pk": "partner_assessment"},
        data={"intent": "?"},
        note="bad body",
    ),
    Rule("assistant:ticket-panel", "GET", INHOUSE, kwargs={"pk": "inhouse_assessed"}, note="in-house"),
    Rule("assistant:ticket-panel", "GET", ALL, kwargs={"pk": "partner_assessed"}, note="partner's"),
    Rule(
        "assistant:assessment-correct",
        "POST",
        staff(404, 302, 302, 302),
        kwargs={"pk": "inhouse_assessment"},
        data=CORRECTION,
        note="in-house",
    ),
    Rule(
        "assistant:assessment-correct",
        "POST",
        staff(302, 302, 302, 302),
        kwargs={"pk": "partner_assessment"},
        data=CORRECTION,
        note="partner's",
    ),
    Rule("assistant:settings", "GET", staff(403, 403, 200, 200)),
    Rule("assistant:settings", "POST", staff(403, 403, 403, 302), data={"answers_chat": "on"}),
    Rule("assistant:examples", "GET", staff(403, 403, 200, 200)),
    # The widget's and the help center's doors.
    Rule(
        "assistant:chat-solved",
        "POST",
        everyone(403),
        data={"token": "forged"},
        form=False,
        note="forged token",
    ),
    Rule(
        "assistant:chat-person",
        "POST",
        everyone(403),
        data={"token": "forged"},
        form=False,
        note="forged token",
    ),
    # A chat tier 0 is not answering: the token passed, the choice does not apply (400).
    Rule("assistant:chat-solved", "POST", everyone(400), data={"token": Ref("visitor_token")}, form=False),
    Rule("assistant:chat-person", "POST", everyone(200), data={"token": Ref("visitor_token")}, form=False),
    Rule("assistant:ask", "GET", everyone(200), kwargs={"language": "lang"}),
    Rule(
        "assistant:ask", "POST", everyone(200), kwargs={"language": "lang"}, data={"q": "What are the fees?"}
    ),
]
