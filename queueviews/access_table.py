"""Who may call the saved view pages and the views and search API (helpdesk/access_matrix.py).

Everyone on staff keeps personal views and searches the tickets they may see; supervisors and admins
keep the shared views. A personal view is its owner's alone (404 to anyone else); a shared view is
read by all it is meant for, changed only by supervisors and admins (403 for the others). Partner
agents see only the shared views kept for their own team (404 for the ones for everyone).
"""

from helpdesk.access_matrix import Rule, staff

ALL = staff(200, 200, 200, 200)
SHARED = {"pk": "shared_view"}
PARTNERS = {"pk": "partner_view"}
PERSONAL = {"pk": "agent_view"}

ACCESS_TABLE: list[Rule] = [
    Rule("queueviews:view-create", "GET", ALL),
    Rule("queueviews:view-create", "POST", staff(400, 400, 400, 400), data={}, note="empty form"),
    Rule("queueviews:view-edit", "GET", staff(404, 403, 200, 200), kwargs=SHARED, note="shared"),
    Rule("queueviews:view-edit", "GET", staff(403, 404, 200, 200), kwargs=PARTNERS, note="partner team's"),
    Rule("queueviews:view-edit", "GET", staff(404, 200, 404, 404), kwargs=PERSONAL, note="personal"),
    Rule("queueviews:view-edit", "POST", staff(404, 403, 400, 400), kwargs=SHARED, data={}, note="shared"),
    Rule("queueviews:view-delete", "POST", staff(404, 302, 404, 404), kwargs=PERSONAL, note="personal"),
    Rule("queueviews:view-delete", "POST", staff(404, 403, 302, 302), kwargs=SHARED, note="shared"),
    Rule("api:view-list", "GET", ALL),
    Rule("api:view-list", "POST", staff(400, 400, 400, 400), data={}),
    Rule("api:view-detail", "GET", staff(404, 200, 200, 200), kwargs=SHARED, note="shared"),
    Rule("api:view-detail", "GET", staff(200, 404, 200, 200), kwargs=PARTNERS, note="partner team's"),
    Rule("api:view-detail", "GET", staff(404, 200, 404, 404), kwargs=PERSONAL, note="personal"),
    Rule("api:view-detail", "PATCH", staff(404, 403, 200, 200), kwargs=SHARED, data={}, note="shared"),
    Rule("api:view-detail", "DELETE", staff(404, 204, 404, 404), kwargs=PERSONAL, note="personal"),
    Rule("api:view-tickets", "GET", staff(404, 200, 200, 200), kwargs=SHARED, note="shared"),
    Rule("api:view-tickets", "GET", staff(200, 404, 200, 200), kwargs=PARTNERS, note="partner team's"),
    Rule("api:ticket-search", "GET", ALL, query="?q=withdrawal"),
]
