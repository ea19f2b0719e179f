"""Who may call the macro pages and the macros API (helpdesk/access_matrix.py).

Everyone on staff keeps personal macros; supervisors and admins keep the shared ones. A personal macro
is its owner's alone (404 to anyone else); a shared macro kept for a team is for that team (partner
agents see no other shared macro). Applying one needs the ticket too: a ticket you may not see is 404.
"""

from helpdesk.access_matrix import Rule, staff

ALL = staff(200, 200, 200, 200)
TICKET = {"ticket": "inhouse", "macro": "shared_macro"}

ACCESS_TABLE: list[Rule] = [
    Rule("macros:macro-list", "GET", ALL),
    Rule("macros:macro-create", "GET", ALL),
    Rule("macros:macro-create", "POST", staff(400, 400, 400, 400), data={}, note="empty form"),
    Rule("macros:macro-edit", "GET", staff(404, 403, 200, 200), kwargs={"pk": "shared_macro"}, note="shared"),
    Rule(
        "macros:macro-edit", "GET", staff(404, 200, 404, 404), kwargs={"pk": "agent_macro"}, note="personal"
    ),
    Rule(
        "macros:macro-edit",
        "POST",
        staff(404, 403, 400, 400),
        kwargs={"pk": "shared_macro"},
        data={},
        note="shared",
    ),
    Rule("macros:macro-deactivate", "POST", staff(404, 403, 302, 302), kwargs={"pk": "shared_macro"}),
    Rule(
        "macros:macro-deactivate",
        "POST",
        staff(404, 302, 404, 404),
        kwargs={"pk": "agent_macro"},
        note="personal",
    ),
    Rule("api:ticket-macros", "GET", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}),
    Rule(
        "api:ticket-macros",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        note="partner's",
    ),
    Rule("api:ticket-macro-render", "POST", staff(404, 200, 200, 200), kwargs=TICKET, data={}),
    Rule(
        "api:ticket-macro-render",
        "POST",
        staff(200, 404, 200, 200),
        kwargs={"ticket": "partner_ticket", "macro": "partner_macro"},
        data={},
        note="partner team's macro",
    ),
    Rule(
        "api:ticket-macro-render",
        "POST",
        staff(404, 200, 404, 404),
        kwargs={"ticket": "inhouse", "macro": "agent_macro"},
        data={},
        note="an agent's own",
    ),
    Rule("api:ticket-macro-apply", "POST", staff(404, 200, 200, 200), kwargs=TICKET, data={}),
]
