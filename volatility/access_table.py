"""Who may use the volatility windows pages and endpoints (helpdesk/access_matrix.py).

Supervisors and admins mark, edit and end market events; in-house agents read the page, the events
and the windows; partner agents get 403 everywhere (the arrivals are the whole helpdesk's, not their
teams'). The world holds no market event: the rows about one name a missing id, so a role that may
write gets 404 and one that may not gets 403 (permission is checked first). tests/volatility/
test_events.py walks the roles through real events. A bad body from a role that may write is a 400.
"""

from helpdesk.access_matrix import Rule, staff

READ = staff(403, 200, 200, 200)
MISSING = {"pk": "missing"}
PERIOD = "?start=2026-11-30T00:00:00Z&end=2026-12-01T00:00:00Z"

ACCESS_TABLE: list[Rule] = [
    Rule("volatility:window-list", "GET", READ),
    Rule("volatility:event-create", "GET", staff(403, 403, 200, 200)),
    Rule("volatility:event-create", "POST", staff(403, 403, 400, 400), data={}, note="bad body"),
    Rule("volatility:event-edit", "GET", staff(403, 403, 404, 404), kwargs=MISSING),
    Rule("volatility:event-edit", "POST", staff(403, 403, 404, 404), kwargs=MISSING, data={}),
    Rule("volatility:event-end", "POST", staff(403, 403, 404, 404), kwargs=MISSING),
    Rule("api:volatility-event-list", "GET", READ),
    Rule("api:volatility-event-list", "POST", staff(403, 403, 400, 400), data={}, note="bad body"),
    Rule("api:volatility-event-detail", "GET", staff(403, 404, 404, 404), kwargs=MISSING),
    Rule(
        "api:volatility-event-detail",
        "PATCH",
        staff(403, 403, 404, 404),
        kwargs=MISSING,
        data={"title": "Halving"},
    ),
    Rule("api:volatility-window-list", "GET", READ, query=PERIOD),
    Rule("api:volatility-window-list", "GET", staff(403, 400, 400, 400), note="no period"),
]
