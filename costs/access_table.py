"""Who may use the handle time and cost pages and endpoints (helpdesk/access_matrix.py).

Admins enter hourly costs; supervisors read them; agents and partner agents see neither (403: the
page's existence is no secret). Any staff member sends work heartbeats for a case they may see;
partner agents only for their own teams' cases (another team's is a 404, as everywhere). A beat
without a case is a 400 for everyone who may send one.
"""

from helpdesk.access_matrix import Ref, Rule, staff

ACCESS_TABLE: list[Rule] = [
    Rule("costs:rate-list", "GET", staff(403, 403, 200, 200)),
    Rule("costs:rate-list", "POST", staff(403, 403, 403, 400), data={}, note="empty form"),
    Rule(
        "costs:workspan-beat",
        "POST",
        staff(404, 204, 204, 204),
        data={"ticket": Ref("inhouse"), "seconds": "10"},
        note="in-house",
    ),
    Rule(
        "costs:workspan-beat",
        "POST",
        staff(204, 204, 204, 204),
        data={"ticket": Ref("partner_ticket"), "seconds": "10"},
        note="partner's",
    ),
    Rule("costs:workspan-beat", "POST", staff(400, 400, 400, 400), data={}, note="no case"),
    Rule("api:cost-rate-list", "GET", staff(403, 403, 200, 200)),
    Rule("api:cost-rate-list", "POST", staff(403, 403, 403, 400), data={}, note="bad body"),
    Rule(
        "api:cost-rate-list",
        "POST",
        staff(403, 403, 403, 201),
        data={"team": Ref("team"), "hourly_cost": "41.50", "effective_from": "2099-01-01"},
    ),
]
