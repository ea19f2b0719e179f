"""Who may declare, update, resolve, link and unlink incidents (helpdesk/access_matrix.py).

Supervisors and admins declare, edit, update and resolve; agents read the active incidents and link
or unlink tickets they may see; partner agents the same, on their own teams' tickets only (the others
are 404, as everywhere). A bad body from a role that may write is a 400: the permission passed,
nothing was written. The banner is public: the help center shows it.
"""

from helpdesk.access_matrix import Ref, Rule, everyone, staff

READ = staff(200, 200, 200, 200)
MANAGE = staff(403, 403, 200, 200)
INCIDENT = {"pk": "incident"}

ACCESS_TABLE: list[Rule] = [
    Rule("api:incident-list", "GET", READ),
    Rule("api:incident-detail", "GET", READ, kwargs=INCIDENT),
    Rule("api:incident-updates", "GET", READ, kwargs=INCIDENT),
    Rule("api:incident-list", "POST", staff(403, 403, 400, 400), data={}),
    Rule(
        "api:incident-detail",
        "PATCH",
        staff(403, 403, 400, 400),
        kwargs=INCIDENT,
        data={"networks": ["nowhere"]},
    ),
    Rule(
        "api:incident-updates",
        "POST",
        staff(403, 403, 400, 400),
        kwargs=INCIDENT,
        data={"status": "identified"},
    ),
    Rule(
        "api:incident-links",
        "POST",
        staff(404, 201, 201, 201),
        kwargs=INCIDENT,
        data={"ticket": Ref("inhouse")},
        note="in-house",
    ),
    Rule(
        "api:incident-links",
        "POST",
        staff(201, 201, 201, 201),
        kwargs=INCIDENT,
        data={"ticket": Ref("partner_ticket")},
        note="partner's",
    ),
    Rule(
        "api:incident-link-detail",
        "DELETE",
        staff(404, 200, 200, 200),
        kwargs={"pk": "incident", "ticket": "linked_inhouse"},
        note="in-house",
    ),
    Rule(
        "api:incident-link-detail",
        "DELETE",
        staff(200, 200, 200, 200),
        kwargs={"pk": "incident", "ticket": "linked_partner"},
        note="partner's",
    ),
    Rule("incidents:incident-list", "GET", MANAGE),
    Rule("incidents:incident-create", "GET", MANAGE),
    Rule("incidents:incident-create", "POST", staff(403, 403, 400, 400)),
    Rule("incidents:incident-detail", "GET", MANAGE, kwargs=INCIDENT),
    Rule("incidents:incident-edit", "GET", MANAGE, kwargs=INCIDENT),
    Rule("incidents:incident-edit", "POST", staff(403, 403, 400, 400), kwargs=INCIDENT),
    Rule(
        "incidents:incident-update",
        "POST",
        staff(403, 403, 400, 400),
        kwargs=INCIDENT,
        data={"incident": Ref("incident")},
    ),
    Rule("incidents:update-progress", "GET", MANAGE, kwargs={"pk": "incident_update"}),
    Rule(
        "incidents:ticket-link",
        "POST",
        staff(404, 302, 302, 302),
        kwargs={"ticket_pk": "inhouse"},
        data={"incident": Ref("incident")},
        note="in-house",
    ),
    Rule(
        "incidents:ticket-link",
        "POST",
        staff(302, 302, 302, 302),
        kwargs={"ticket_pk": "partner_ticket"},
        data={"incident": Ref("incident")},
        note="partner's",
    ),
    Rule(
        "incidents:ticket-unlink",
        "POST",
        staff(404, 302, 302, 302),
        kwargs={"ticket_pk": "linked_inhouse"},
        data={"incident": Ref("incident")},
        note="in-house",
    ),
    Rule(
        "incidents:ticket-unlink",
        "POST",
        staff(302, 302, 302, 302),
        kwargs={"ticket_pk": "linked_partner"},
        data={"incident": Ref("incident")},
        note="partner's",
    ),
    Rule("incidents:banner", "GET", everyone(200)),
]
