"""Who may call the routing pages and API (helpdesk/access_matrix.py).

Agents see the team directory and their own presence; supervisors and admins oversee routing and read
its configuration; admins alone change teams, VIP policies and rules.
"""

from helpdesk.access_matrix import Rule, staff

ALL = staff(200, 200, 200, 200)
OVERSEE = staff(403, 403, 200, 200)
# A write with an empty body: refused below admins, a 400 for them (the check passed, nothing changed).
CONFIGURE = staff(403, 403, 403, 400)
TEAM = {"pk": "team"}
RULE = {"pk": "routing_rule"}
POLICY = {"pk": "vip_policy"}

ACCESS_TABLE: list[Rule] = [
    Rule("routing:supervisor", "GET", OVERSEE),
    Rule("routing:rule-dry-run", "GET", OVERSEE),
    Rule("api:routing-team-list", "GET", ALL),
    Rule("api:routing-team-list", "POST", CONFIGURE, data={}),
    # Partner agents see their own teams only: the others' members are in-house staff.
    Rule("api:routing-team-detail", "GET", staff(404, 200, 200, 200), kwargs=TEAM),
    Rule("api:routing-team-detail", "PUT", CONFIGURE, kwargs=TEAM, data={}),
    Rule("api:routing-team-detail", "PATCH", staff(403, 403, 403, 200), kwargs=TEAM, data={}),
    # A team with members and tickets is not deleted: the admin's 400 says why.
    Rule("api:routing-team-detail", "DELETE", staff(403, 403, 403, 400), kwargs=TEAM),
    Rule("api:routing-vip-policy-list", "GET", OVERSEE),
    Rule("api:routing-vip-policy-list", "POST", CONFIGURE, data={}),
    Rule("api:routing-vip-policy-detail", "GET", OVERSEE, kwargs=POLICY),
    Rule("api:routing-vip-policy-detail", "PUT", CONFIGURE, kwargs=POLICY, data={}),
    Rule("api:routing-vip-policy-detail", "PATCH", staff(403, 403, 403, 200), kwargs=POLICY, data={}),
    Rule("api:routing-rule-list", "GET", OVERSEE),
    Rule("api:routing-rule-list", "POST", CONFIGURE, data={}),
    Rule("api:routing-rule-detail", "GET", OVERSEE, kwargs=RULE),
    Rule("api:routing-rule-detail", "PUT", CONFIGURE, kwargs=RULE, data={}),
    Rule("api:routing-rule-detail", "PATCH", staff(403, 403, 403, 200), kwargs=RULE, data={}),
    Rule("api:routing-rule-detail", "DELETE", staff(403, 403, 403, 204), kwargs=RULE),
    Rule("api:routing-rule-reorder", "POST", CONFIGURE, data={}),
    Rule("api:routing-rule-dry-run", "POST", staff(403, 403, 400, 400), data={}),
    Rule("api:routing-agent-list", "GET", OVERSEE),
    Rule("api:routing-presence", "GET", ALL),
    Rule("api:routing-presence", "PUT", staff(200, 200, 200, 200), data={"presence": "away"}),
    Rule("api:routing-presence-heartbeat", "POST", staff(200, 200, 200, 200)),
]
